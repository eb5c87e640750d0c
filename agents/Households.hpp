/// \brief Household agents as structure-of-arrays columns, grouped by region.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/OutputDictionary.hpp"
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
  std::vector<std::size_t> group_begin;       ///< regions x quintiles + 1 bounds
  std::vector<std::uint8_t> persons;          ///< 1-12
  std::vector<float> income_usd;              ///< household income per day at median shock
  std::vector<std::vector<float>> own_stock;  ///< [commodity][agent] kg, rural harvest kept
  std::vector<float> kcal_ordered;            ///< today's ordered calories (phase 6 to 8)
  std::vector<double> own_stock_kg;           ///< [commodity] sum of own_stock, kept by consume()
  std::vector<double> group_persons;          ///< persons per group, per agent (fixed)
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
/// incomes drawn from keyed streams, rural own stocks of `rural_own_stock_days` of need.
Households createHouseholds(const Scenario& s, const KeyedRng& rng,
                            const std::vector<double>& kcal_need_start);

/// What households see of one region's market today, and the diet mix it implies.
struct RegionOffer {
  std::vector<double> price;    ///< KPW/kg households pay, by commodity (blend of shop and trader)
  std::vector<bool> available;  ///< anything on offer today
  std::vector<double> kcal_share;  ///< share of bought calories from each commodity
  double kpw_per_kcal = 0;         ///< cost of one kcal of that mix (0: nothing on offer)
  double cereal_kcal_need = 0;     ///< per person per day
};

/// The CES diet mix: kcal_share_c proportional to w_c (KPW/kcal)_c^-sigma over what is on offer,
/// with weights w_c set so that at start prices the shares are commodities.start_kcal_share.
/// `kpw_per_usd_start` is the rate on the first simulated day, when prices were set.
/// Dearer calories lose share; with sigma > 1 a dearer good raises the others' demand.
void setDietMix(const Scenario& s, double kpw_per_usd_start, RegionOffer& offer);

/// Per-region results of the household phase, summed over agents in chunk order.
struct HouseholdTotals {
  std::vector<std::vector<double>> orders;     ///< [region][commodity] kg
  std::vector<std::vector<double>> own_eaten;  ///< [region][commodity] kg
  std::vector<std::vector<double>> bought;     ///< [region][commodity] kg
  std::vector<double> persons, kcal_adequacy_persons, insecure_persons, severe_persons;
  std::vector<std::array<double, kQuintiles>> quintile_persons, quintile_kg, quintile_insecure;
};

/// Every region's offer at start prices x `price_scale` (by commodity), every stall stocked:
/// the controlled market in which demand is measured (tests, grainsim validate).
std::vector<RegionOffer> offersAtStartPrices(const Scenario& s,
                                             const std::vector<double>& cereal_kcal_need,
                                             double kpw_per_usd,
                                             const std::vector<double>& price_scale);

/// Phase 6: income (with a keyed daily shock), own stock first, then the calories the budget
/// buys of today's mix: the household's remaining need, or, short of budget, what it pays plus
/// income.coping_share of the gap (it sells assets, borrows, cuts other spending).
void placeOrders(const Scenario& s, const KeyedRng& rng, std::uint32_t day, double kpw_per_usd,
                 const std::vector<RegionOffer>& offers, bool parallel, Households& h,
                 HouseholdTotals& totals);

/// Phase 8: orders filled at each market's fill rate; eat own stock and purchases; shortfall.
void consume(const Scenario& s, const std::vector<RegionOffer>& offers,
             const std::vector<std::vector<double>>& fill_rate, bool parallel, Households& h,
             HouseholdTotals& totals);

}  // namespace grainsim
