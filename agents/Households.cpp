#include "agents/Households.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace grainsim {
namespace {

constexpr std::size_t kChunkSize = 1 << 14;
constexpr int kMaxPersons = 12;

/// Household size: 1 + Poisson(mean - 1), by inversion of one keyed uniform, capped.
std::uint8_t drawPersons(double mean, double u) {
  const double lambda = std::max(mean - 1.0, 0.0);
  double p = std::exp(-lambda), cdf = p;
  int k = 0;
  while (u > cdf && k < kMaxPersons - 1) {
    ++k;
    p *= lambda / k;
    cdf += p;
  }
  return static_cast<std::uint8_t>(1 + k);
}

/// Retail commodities: those households eat and buy.
std::vector<int> retailCommodities(const Scenario& s) {
  std::vector<int> retail;
  for (std::size_t c = 0; c < s.commodities.size(); ++c)
    if (s.commodities[c].retail) retail.push_back(static_cast<int>(c));
  return retail;
}

/// Own stock a household eats today, in commodity order, up to need; returns need left.
double ownEating(const Scenario& s, const std::vector<int>& retail, const Households& h,
                 std::size_t i, double need_kcal, double* eaten) {
  for (int c : retail) {
    eaten[c] = 0;
    if (h.own_stock[c].empty() || need_kcal <= 0) continue;
    const double kcal = s.commodities[c].kcal_per_kg;
    eaten[c] = std::min<double>(h.own_stock[c][i], need_kcal / kcal);
    need_kcal -= eaten[c] * kcal;
  }
  return std::max(need_kcal, 0.0);
}

/// Quintiles of income per person within each region, by persons: the poorest fifth of the
/// region's people are quintile 0. Ties keep agent order, so the split is deterministic.
void assignQuintiles(Households& h) {
  h.quintile.assign(h.size(), 0);
  std::vector<std::size_t> order;
  for (std::size_t r = 0; r + 1 < h.region_begin.size(); ++r) {
    order.resize(h.region_begin[r + 1] - h.region_begin[r]);
    std::iota(order.begin(), order.end(), h.region_begin[r]);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return h.income_usd[a] / h.persons[a] < h.income_usd[b] / h.persons[b];
    });
    double total = 0;
    for (std::size_t i : order) total += h.persons[i];
    double below = 0;
    for (std::size_t i : order) {
      const double mid = (below + 0.5 * h.persons[i]) / total;  // rank of the household's middle
      h.quintile[i] = static_cast<std::uint8_t>(std::min(kQuintiles - 1, int(mid * kQuintiles)));
      below += h.persons[i];
    }
  }
}

/// Zeroes everything the eating phase sums (orders stay: they are the ordering phase's).
void resetEatingTotals(std::size_t regions, std::size_t commodities, HouseholdTotals& t) {
  const std::vector<double> zeros(commodities, 0.0);
  t.quintile_persons.assign(regions, {});
  t.quintile_kg.assign(regions, {});
  t.quintile_insecure.assign(regions, {});
  t.own_eaten.assign(regions, zeros);
  t.bought.assign(regions, zeros);
  t.persons.assign(regions, 0.0);
  t.kcal_adequacy_persons.assign(regions, 0.0);
  t.insecure_persons.assign(regions, 0.0);
  t.severe_persons.assign(regions, 0.0);
}

}  // namespace

void setDietMix(const Scenario& s, double kpw_per_usd_start, RegionOffer& offer) {
  const double sigma = s.params.demand.substitution_elasticity;
  const std::size_t C = s.commodities.size();
  offer.kcal_share.assign(C, 0.0);
  double total = 0;
  for (std::size_t c = 0; c < C; ++c) {
    const Commodity& com = s.commodities[c];
    if (!com.retail || !offer.available[c] || com.start_kcal_share <= 0) continue;
    // Relative to start prices, so the weights need no separate calibration step.
    const double relative_cost =
        offer.price[c] / (com.initial_price_usd_per_kg * kpw_per_usd_start);
    offer.kcal_share[c] = com.start_kcal_share * std::pow(relative_cost, -sigma);
    total += offer.kcal_share[c];
  }
  offer.kpw_per_kcal = 0;
  if (total <= 0) return;
  for (std::size_t c = 0; c < C; ++c) {
    offer.kcal_share[c] /= total;
    if (offer.kcal_share[c] > 0)
      offer.kpw_per_kcal += offer.kcal_share[c] * offer.price[c] / s.commodities[c].kcal_per_kg;
  }
}

Households createHouseholds(const Scenario& s, const KeyedRng& rng,
                            const std::vector<double>& kcal_need_start) {
  const auto& pop = s.params.population;
  double census = pop.military_in_camps;
  for (const auto& r : s.regions) census += r.census_population;
  const double scale = pop.total / census;

  Households h;
  h.weight = pop.agent_weight;
  h.region_begin.push_back(0);
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const double civilians = s.regions[r].census_population * scale;
    const auto n = static_cast<std::size_t>(
        std::llround(civilians / pop.persons_per_household / pop.agent_weight));
    h.region_begin.push_back(h.region_begin.back() + n);
  }
  const std::size_t n = h.region_begin.back();
  h.region.resize(n);
  h.persons.resize(n);
  h.urban.resize(n);
  h.income_usd.resize(n);
  h.own_stock.resize(s.commodities.size());
  h.order.resize(s.commodities.size());
  for (std::size_t c = 0; c < s.commodities.size(); ++c) {
    if (s.commodities[c].retail) h.order[c].assign(n, 0.0f);
    if (s.commodities[c].own_stock_share > 0) h.own_stock[c].assign(n, 0.0f);
  }

  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const Region& reg = s.regions[r];
    const std::size_t b = h.region_begin[r], e = h.region_begin[r + 1];
    const auto n_urban = static_cast<std::size_t>(std::llround(reg.urban_share * (e - b)));
    for (std::size_t i = b; i < e; ++i) {
      const auto id = static_cast<std::uint32_t>(i);
      h.region[i] = static_cast<std::uint16_t>(r);
      h.urban[i] = i - b < n_urban;
      h.persons[i] = drawPersons(pop.persons_per_household,
                                 rng.uniform(kInitDay, id, Purpose::household_size));
      const double median =
          h.urban[i] ? s.params.income.median_usd_urban : s.params.income.median_usd_rural;
      const double z =
          s.params.income.log_sd > 0 ? rng.normal(kInitDay, id, Purpose::household_income) : 0.0;
      h.income_usd[i] = static_cast<float>(median * reg.income_multiplier * h.persons[i] *
                                           std::exp(s.params.income.log_sd * z));
      if (h.urban[i]) continue;
      // Spread of +-50 % around the mean, so rural households run out one by one.
      const double days = s.params.household.rural_own_stock_days *
                          (0.5 + rng.uniform(kInitDay, id, Purpose::household_own_stock));
      const double need_kcal = days * h.persons[i] * kcal_need_start[r];
      for (std::size_t c = 0; c < s.commodities.size(); ++c)
        if (!h.own_stock[c].empty())
          h.own_stock[c][i] = static_cast<float>(need_kcal * s.commodities[c].own_stock_share /
                                                 s.commodities[c].kcal_per_kg);
    }
  }
  assignQuintiles(h);
  h.chunks = makeChunks(h.region_begin, kChunkSize);
  return h;
}

std::vector<RegionOffer> offersAtStartPrices(const Scenario& s,
                                             const std::vector<double>& cereal_kcal_need,
                                             double kpw_per_usd,
                                             const std::vector<double>& price_scale) {
  std::vector<RegionOffer> offers(s.regions.size());
  for (std::size_t r = 0; r < offers.size(); ++r) {
    RegionOffer& o = offers[r];
    o.cereal_kcal_need = cereal_kcal_need[r];
    o.available.assign(s.commodities.size(), false);
    o.price.assign(s.commodities.size(), 0.0);
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      o.available[c] = s.commodities[c].retail;
      o.price[c] = s.commodities[c].initial_price_usd_per_kg * kpw_per_usd * price_scale[c];
    }
    setDietMix(s, kpw_per_usd, o);
  }
  return offers;
}

double caloriesBought(const Scenario& s, const RegionOffer& offer, double need_kcal,
                      double budget_kpw) {
  if (offer.kpw_per_kcal <= 0 || need_kcal <= 0) return 0;
  const double cost_of_need = need_kcal * offer.kpw_per_kcal;
  if (budget_kpw >= cost_of_need) return need_kcal;
  const double spent = budget_kpw + s.params.income.coping_share * (cost_of_need - budget_kpw);
  return spent / offer.kpw_per_kcal;
}

void placeOrders(const Scenario& s, const KeyedRng& rng, std::uint32_t day, double kpw_per_usd,
                 const std::vector<RegionOffer>& offers, bool parallel, Households& h,
                 HouseholdTotals& totals) {
  const std::size_t C = s.commodities.size();
  const auto retail = retailCommodities(s);
  const double shock_sd = s.params.income.daily_shock_sd;
  const double budget_per_usd = kpw_per_usd * s.params.income.food_share;
  std::vector<double> partial(h.chunks.size() * C, 0.0);

  forEachChunk(h.chunks.size(), parallel, [&](std::size_t k) {
    const Chunk& chunk = h.chunks[k];
    const RegionOffer& offer = offers[chunk.group];
    std::vector<double> eaten(C), kcal_share_per_kg(C);
    for (int c : retail) kcal_share_per_kg[c] = offer.kcal_share[c] / s.commodities[c].kcal_per_kg;
    double* sum = &partial[k * C];
    for (std::size_t i = chunk.begin; i < chunk.end; ++i) {
      // Mean-one log-normal shock, so the daily budget averages the household's income.
      const double shock = shock_sd > 0
                               ? std::exp(shock_sd * rng.normal(day, static_cast<std::uint32_t>(i),
                                                                Purpose::income_shock) -
                                          0.5 * shock_sd * shock_sd)
                               : 1.0;
      const double need =
          ownEating(s, retail, h, i, h.persons[i] * offer.cereal_kcal_need, eaten.data());
      const double kcal = caloriesBought(s, offer, need, h.income_usd[i] * shock * budget_per_usd);
      for (int c : retail) {
        h.order[c][i] = static_cast<float>(kcal * kcal_share_per_kg[c]);
        sum[c] += h.order[c][i];
      }
    }
  });

  totals.orders.assign(s.regions.size(), std::vector<double>(C, 0.0));
  for (std::size_t k = 0; k < h.chunks.size(); ++k)
    for (std::size_t c = 0; c < C; ++c)
      totals.orders[h.chunks[k].group][c] += partial[k * C + c] * h.weight;
}

void consume(const Scenario& s, const std::vector<RegionOffer>& offers,
             const std::vector<std::vector<double>>& fill_rate, bool parallel, Households& h,
             HouseholdTotals& totals) {
  const std::size_t C = s.commodities.size();
  const auto retail = retailCommodities(s);
  const double insecure = s.params.need.insecure_threshold;
  const double severe = s.params.need.severe_threshold;
  // Per chunk: own eaten [C], bought [C], persons, adequacy-weighted persons, insecure, severe,
  // then persons, kg eaten and insecure persons by quintile.
  const std::size_t width = 2 * C + 4 + 3 * kQuintiles;
  std::vector<double> partial(h.chunks.size() * width, 0.0);

  forEachChunk(h.chunks.size(), parallel, [&](std::size_t k) {
    const Chunk& chunk = h.chunks[k];
    const auto& fill = fill_rate[chunk.group];
    std::vector<double> eaten(C);
    double* sum = &partial[k * width];
    for (std::size_t i = chunk.begin; i < chunk.end; ++i) {
      const double need = h.persons[i] * offers[chunk.group].cereal_kcal_need;
      ownEating(s, retail, h, i, need, eaten.data());
      double kcal = 0, kg = 0;
      for (int c : retail) {
        if (!h.own_stock[c].empty() && eaten[c] > 0) {
          // Record exactly what left the stored float, so mass balance holds to round-off.
          const float before = h.own_stock[c][i];
          h.own_stock[c][i] = std::max(0.0f, before - static_cast<float>(eaten[c]));
          eaten[c] = static_cast<double>(before) - h.own_stock[c][i];
        }
        const double bought = fill[c] * h.order[c][i];
        sum[c] += eaten[c];
        sum[C + c] += bought;
        kcal += (eaten[c] + bought) * s.commodities[c].kcal_per_kg;
        kg += eaten[c] + bought;
      }
      const double adequacy = need > 0 ? std::min(1.0, kcal / need) : 1.0;
      sum[2 * C] += h.persons[i];
      sum[2 * C + 1] += h.persons[i] * adequacy;
      sum[2 * C + 2] += adequacy < insecure ? h.persons[i] : 0;
      sum[2 * C + 3] += adequacy < severe ? h.persons[i] : 0;
      double* by_quintile = sum + 2 * C + 4 + h.quintile[i];
      by_quintile[0] += h.persons[i];
      by_quintile[kQuintiles] += kg;
      by_quintile[2 * kQuintiles] += adequacy < insecure ? h.persons[i] : 0;
    }
  });

  resetEatingTotals(s.regions.size(), C, totals);
  for (std::size_t k = 0; k < h.chunks.size(); ++k) {
    const int r = h.chunks[k].group;
    const double* sum = &partial[k * width];
    for (std::size_t c = 0; c < C; ++c) {
      totals.own_eaten[r][c] += sum[c] * h.weight;
      totals.bought[r][c] += sum[C + c] * h.weight;
    }
    totals.persons[r] += sum[2 * C] * h.weight;
    totals.kcal_adequacy_persons[r] += sum[2 * C + 1] * h.weight;
    totals.insecure_persons[r] += sum[2 * C + 2] * h.weight;
    totals.severe_persons[r] += sum[2 * C + 3] * h.weight;
    for (int q = 0; q < kQuintiles; ++q) {
      totals.quintile_persons[r][q] += sum[2 * C + 4 + q] * h.weight;
      totals.quintile_kg[r][q] += sum[2 * C + 4 + kQuintiles + q] * h.weight;
      totals.quintile_insecure[r][q] += sum[2 * C + 4 + 2 * kQuintiles + q] * h.weight;
    }
  }
}

}  // namespace grainsim
