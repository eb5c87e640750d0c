/// \brief Household agents as structure-of-arrays columns, grouped by region.
#pragma once

#include <Eigen/Dense>

#include <array>
#include <cstdint>
#include <vector>

#include "agents/IncomeQuintiles.hpp"
#include "model/Column.hpp"
#include "model/Parallel.hpp"
#include "model/Rng.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// One entry per household agent; each agent stands for `weight` identical households.
/// Agents are sorted by region, then by income quintile within the region: group
/// g = region * kQuintiles + quintile owns [group_begin[g], group_begin[g + 1]), so the
/// household loops sum by region and quintile without a scatter, atomics or per-agent labels.
struct Households {
  double weight = 1;
  std::vector<std::size_t> group_begin;  ///< regions x quintiles + 1 bounds
  Column<std::uint8_t> persons;          ///< 1-12
  Column<float> income_usd;              ///< household income per day at median shock
  std::vector<Column<float>> own_stock;  ///< [commodity][agent] kg, rural harvest kept
  Column<float> kcal_ordered;            ///< today's ordered calories (phase 6 to 8)
  /// 1 / the household's requirement over the planning need (need.requirement_spread).
  Column<float> inv_requirement;
  std::vector<double> own_stock_kg;   ///< [commodity] sum of own_stock, kept by consume()
  std::vector<double> group_persons;  ///< persons per group, per agent (fixed)
  std::vector<double> urban_persons, rural_persons;  ///< by region, per agent (fixed)
  /// Per group, its first rural household: urban ones, before it, keep no own stock.
  std::vector<std::size_t> rural_begin;
  std::vector<Chunk> chunks;  ///< fixed work split for deterministic reductions
  /// Household-days so far whose income shock was drawn: none for a block of households whose
  /// own stock covers their need (they buy nothing), none when the shock's sd is 0.
  std::uint64_t shock_draws = 0;

  std::size_t size() const { return persons.size(); }
  std::size_t regions() const { return (group_begin.size() - 1) / kQuintiles; }
  /// First agent of region r (r = regions() gives the end).
  std::size_t regionBegin(std::size_t r) const { return group_begin[r * kQuintiles]; }
};

/// Builds the national population: census by region scaled to population.total, sizes and
/// incomes drawn from keyed streams. Rural households' own stocks are what is left of their
/// share of each crop's latest harvest (harvests.csv own_share, spread by rural persons, each
/// household's share drawn within +-50 %) after eating `cereal_kcal_need` (by region) a day since,
/// own stock first and in commodity order, as they do in the run.
Households createHouseholds(const Scenario& s, const KeyedRng& rng,
                            const std::vector<double>& cereal_kcal_need);

/// Phase 1 in a harvest window: farm households' share of today's harvest, `own_kg` (region x
/// commodity, all households), into their own stock by persons, each household's share of
/// this year's harvests drawn within +-50 %. Returns kg added by commodity (all households).
Eigen::ArrayXd addOwnHarvest(const Scenario& s, const KeyedRng& rng, int year,
                             const Eigen::ArrayXXd& own_kg, Households& h);

/// Today's PDS ration per person (phase 6 to 8), for urban and rural households of a region.
struct Ration {
  double urban_kcal = 0, rural_kcal = 0, urban_kg = 0, rural_kg = 0;
};

/// What households see of one region's market today, and the diet mix it implies.
struct RegionOffer {
  std::vector<double> price;    ///< KPW/kg households pay, by commodity (blend of shop and trader)
  std::vector<bool> available;  ///< anything on offer today
  std::vector<double> kcal_share;  ///< share of bought calories from each commodity
  double kpw_per_kcal = 0;         ///< cost of one kcal of that mix (0: nothing on offer)
  double cereal_kcal_need = 0;     ///< per person per day
};

/// The CES diet mix: kcal_share_c proportional to w_c (KPW/kcal)_c^-sigma over what is on offer,
/// with weights w_c set so that at the region's start prices `start_price` (KPW/kg, by
/// commodity) the shares are commodities.start_kcal_share.
/// Dearer calories lose share; with sigma > 1 a dearer good raises the others' demand.
void setDietMix(const Scenario& s, const std::vector<double>& start_price, RegionOffer& offer);
/// The same with start prices at USD parity at `kpw_per_usd_start`.
void setDietMix(const Scenario& s, double kpw_per_usd_start, RegionOffer& offer);

/// Per-region results of the household phase, summed over agents in chunk order.
struct HouseholdTotals {
  Eigen::ArrayXXd orders;     ///< (region, commodity) kg
  Eigen::ArrayXXd own_eaten;  ///< (region, commodity) kg
  Eigen::ArrayXXd bought;     ///< (region, commodity) kg
  std::vector<double> persons, kcal_adequacy_persons, insecure_persons, severe_persons;
  std::vector<std::array<double, kQuintiles>> quintile_persons, quintile_kg, quintile_insecure;
};

/// Every region's offer at start prices x `price_scale` (by commodity), every stall stocked:
/// the controlled market in which demand is measured (tests, grainsim validate).
std::vector<RegionOffer> offersAtStartPrices(const Scenario& s,
                                             const std::vector<double>& cereal_kcal_need,
                                             double kpw_per_usd,
                                             const std::vector<double>& price_scale);

/// Phase 6: income (with a keyed daily shock) paid at `income_kpw_per_usd` KPW per USD, the PDS
/// ration and own stock first, then the calories the budget buys of today's mix: the
/// household's remaining need, or, short of budget, what it pays plus income.coping_share of
/// the gap (it sells assets, borrows, cuts other spending). `rations` by region.
void placeOrders(const Scenario& s, const KeyedRng& rng, std::uint32_t day,
                 double income_kpw_per_usd, const std::vector<RegionOffer>& offers,
                 const std::vector<Ration>& rations, bool parallel, Households& h,
                 HouseholdTotals& totals);

/// Phase 8: the ration, own stock, then orders filled at each market's fill rate; adequacy
/// against each household's requirement; shortfall.
void consume(const Scenario& s, const std::vector<RegionOffer>& offers,
             const std::vector<Ration>& rations, const std::vector<std::vector<double>>& fill_rate,
             bool parallel, Households& h, HouseholdTotals& totals);

}  // namespace grainsim
