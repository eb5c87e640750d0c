/// \brief Household agents as structure-of-arrays columns, grouped by region.
#pragma once

#include <Eigen/Dense>

#include <array>
#include <cstdint>
#include <optional>
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

/// What phase 6's pass over the households reads of a day: the same inputs, the same orders.
struct OrderInputs {
  std::uint32_t day = 0;          ///< keys the income shocks
  double income_kpw_per_usd = 0;  ///< KPW paid per USD of income
  /// By region: need (kcal/person/day), cost of a kcal of the mix (KPW), PDS ration
  /// (kcal/person/day) in urban and in rural households.
  std::vector<double> cereal_kcal_need, kpw_per_kcal, ration_urban_kcal, ration_rural_kcal;
  bool operator==(const OrderInputs&) const = default;
};

OrderInputs orderInputs(std::uint32_t day, double income_kpw_per_usd,
                        const std::vector<RegionOffer>& offers, const std::vector<Ration>& rations);

/// A day's phase-6 pass over the households, done a day early in the same pass as eating (one
/// pass over the columns a day instead of two): what it ordered, by chunk, and for which inputs.
/// The pass also leaves each household's calories in Households::kcal_ordered.
struct OrdersAhead {
  OrderInputs inputs;
  std::vector<double> chunk_kcal;  ///< kcal ordered by chunk (per agent)
  std::size_t shock_draws = 0;     ///< income shocks the pass drew
};

/// The next day's ordering to do while eating: its inputs (from a look-ahead at that day's
/// phases 1 to 6) and the keyed streams its income shocks come from.
struct NextDayOrders {
  const KeyedRng& rng;
  OrderInputs inputs;
};

/// Phase 6: income (with a keyed daily shock) paid at `income_kpw_per_usd` KPW per USD, the PDS
/// ration and own stock first, then the calories the budget buys of today's mix: the
/// household's remaining need, or, short of budget, what it pays plus income.coping_share of
/// the gap (it sells assets, borrows, cuts other spending). `rations` by region. If `ahead` holds
/// this day's pass for the same inputs, its orders are taken (the same bits) and no pass is made.
void placeOrders(const Scenario& s, const KeyedRng& rng, std::uint32_t day,
                 double income_kpw_per_usd, const std::vector<RegionOffer>& offers,
                 const std::vector<Ration>& rations, bool parallel, Households& h,
                 HouseholdTotals& totals, const OrdersAhead* ahead = nullptr);

/// Phase 8: the ration, own stock, then orders filled at each market's fill rate; adequacy
/// against each household's requirement; shortfall. With `next`, each block of households then
/// orders for the next day (phase 6 for `next->inputs`, own stock after today's eating), and the
/// result is returned for placeOrders; without, nothing is returned.
std::optional<OrdersAhead> consume(const Scenario& s, const std::vector<RegionOffer>& offers,
                                   const std::vector<Ration>& rations,
                                   const std::vector<std::vector<double>>& fill_rate, bool parallel,
                                   Households& h, HouseholdTotals& totals,
                                   const NextDayOrders* next = nullptr);

}  // namespace grainsim
