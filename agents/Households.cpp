#include "agents/Households.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "model/CropCalendar.hpp"
#include "model/LaneSum.hpp"
#include "model/PortableMath.hpp"
#include "model/VectorClones.hpp"

namespace grainsim {
namespace {

constexpr std::size_t kChunkSize = 1 << 14;
/// Agents per inner block: the block's scratch arrays (a few KB) stay in L1.
constexpr std::size_t kBlock = 256;
constexpr int kMaxPersons = 12;

/// Household size 1 + Poisson(mean - 1), capped at kMaxPersons: the distribution function,
/// computed once per population.
std::array<double, kMaxPersons> householdSizeCdf(double mean) {
  const double lambda = std::max(mean - 1.0, 0.0);
  std::array<double, kMaxPersons> cdf{};
  double p = std::exp(-lambda), sum = p;
  for (int k = 0; k < kMaxPersons; ++k) {
    cdf[k] = sum;
    p *= lambda / (k + 1);
    sum += p;
  }
  return cdf;
}

/// Household size by inversion of one keyed uniform: 1 + the number of sizes whose cumulative
/// probability is below u (the distribution function rises, so this is the first size at or
/// above u), counted without a branch to mispredict.
std::uint8_t drawPersons(const std::array<double, kMaxPersons>& cdf, double u) {
  int k = 0;
  for (int m = 0; m < kMaxPersons - 1; ++m) k += u > cdf[m];
  return static_cast<std::uint8_t>(1 + k);
}

/// The households' arithmetic is single precision (docs/PERFORMANCE.md); sums stay double.
float single(double x) {
  return static_cast<float>(x);
}

/// A commodity households keep in their own stock: its column and its calories.
struct OwnStock {
  float* kg;
  float kcal_per_kg, kg_per_kcal;
  int commodity;
};

std::vector<OwnStock> ownStocks(const Scenario& s, Households& h) {
  std::vector<OwnStock> own;
  for (std::size_t c = 0; c < h.own_stock.size(); ++c)
    if (!h.own_stock[c].empty()) {
      const double kcal = s.commodities[c].kcal_per_kg;
      own.push_back({h.own_stock[c].data(), single(kcal), single(1.0 / kcal), static_cast<int>(c)});
    }
  return own;
}

/// What an urban block passes for its own stocks: it holds none, and skipping the zero stock
/// changes no bit (taking 0 kg leaves need as it was and adds 0 to every sum).
const std::vector<OwnStock> kNoOwnStock;

/// Own stock is eaten before anything is bought, commodity by commodity in scenario order, up to
/// need. Returns the kg a household holding `stock_kg` takes and lowers `left`, the need in kcal
/// not yet covered: to exactly 0 when the stock covers it (no round-off crumbs of need left to
/// buy). Ordering and eating both call this, so they agree on every household.
inline float takeOwnStock(const OwnStock& o, float stock_kg, float& left) {
  const float stock_kcal = stock_kg * o.kcal_per_kg;
  const bool covers = stock_kcal >= left;
  const float want = covers ? left * o.kg_per_kcal : stock_kg;
  left = covers ? 0.0f : left - stock_kcal;
  return want;
}

/// A chunk's running sums, one slot per place in a block: slot j adds household j of every
/// block. Adding slot by slot keeps the household loops vectorised (a running scalar sum would
/// not); laneSum() folds the slots in a fixed order when the chunk is done.
using BlockLanes = std::array<double, kBlock>;

/// What households of one region see when they order today.
struct OrderTerms {
  float need_per_person;             ///< kcal/day
  float ration_urban, ration_rural;  ///< kcal/person/day of PDS ration, eaten first
  std::size_t rural_begin;           ///< agents from here on are rural
  float shock_sd, shock_shift;       ///< log-normal daily income shock: exp(sd z - sd^2 / 2)
  float budget_per_usd;              ///< KPW of food budget per USD of income
  float kpw_per_kcal;                ///< cost of a calorie of today's mix (0: nothing on offer)
  float kcal_per_kpw;                ///< its inverse (0: nothing on offer)
  float coping_share;  ///< share of the gap between budget and need that coping covers
};

/// The day's income shocks: drawn per agent from `rng` with `day` (none when sd is 0).
struct ShockDraw {
  const KeyedRng& rng;
  std::uint32_t day;
};

/// Phase 6 for households [first, first + n): calories ordered, given their income shocks;
/// adds them to `kcal_lanes`. Branch-free, so it vectorises. Returns the shocks drawn.
GRAINSIM_VECTOR_CLONES
std::size_t orderBlock(const OrderTerms& terms, const ShockDraw& draw,
                       const std::vector<OwnStock>& own, std::size_t first, std::size_t n,
                       const std::uint8_t* persons, const float* income, float* kcal_ordered,
                       BlockLanes& kcal_lanes) {
  const OrderTerms t = terms;  // a copy: stores to kcal_ordered cannot alias its fields
  float left[kBlock];
  for (std::size_t j = 0; j < n; ++j)
    left[j] = persons[first + j] *
              (t.need_per_person - (first + j >= t.rural_begin ? t.ration_rural : t.ration_urban));
  for (const OwnStock o : own)  // copies: see eatBlock
    for (std::size_t j = 0; j < n; ++j) takeOwnStock(o, o.kg[first + j], left[j]);
  // A household whose own stock covers its need buys nothing whatever its budget, so a block of
  // such households (rural ones, most of the winter) needs no shock drawn: the same bits, as
  // the calories would be 0 and adding 0 changes no sum.
  bool any_buyer = false;
  for (std::size_t j = 0; j < n; ++j) any_buyer |= left[j] > 0;
  if (!any_buyer) {
    std::fill_n(kcal_ordered + first, n, 0.0f);
    return 0;
  }
  float z[kBlock] = {};  // no shock: z = 0 gives exp(0) = 1 exactly
  const bool drawn = t.shock_sd > 0;
  if (drawn)
    draw.rng.normals(draw.day, static_cast<std::uint32_t>(first), n, Purpose::income_shock, z);
  for (std::size_t j = 0; j < n; ++j) {
    // Mean-one log-normal shock, so the daily budget averages the household's income.
    const float shock = portable::exp(t.shock_sd * z[j] - t.shock_shift);
    const float budget = income[first + j] * shock * t.budget_per_usd;
    const float cost_of_need = left[j] * t.kpw_per_kcal;
    // Enough budget: the whole need; short: the budget plus coping's share of the gap.
    const float spent = std::min(cost_of_need, budget + t.coping_share * (cost_of_need - budget));
    const float kcal = spent * t.kcal_per_kpw;
    kcal_ordered[first + j] = kcal;
    kcal_lanes[j] += kcal;
  }
  return drawn ? n : 0;
}

/// What households of one region get when they eat today.
struct EatTerms {
  float need_per_person;                   ///< kcal/day
  float ration_urban, ration_rural;        ///< kcal/person/day of PDS ration, eaten first
  float ration_kg_urban, ration_kg_rural;  ///< its kg/person/day
  std::size_t rural_begin;                 ///< agents from here on are rural
  float kcal_per_kcal_ordered;             ///< sum over commodities of fill rate x calorie share
  float kg_per_kcal_ordered;  ///< sum over commodities of fill rate x share / kcal per kg
  float insecure, severe;     ///< adequacy thresholds
};

/// Phase 8 sums of one chunk, slot by slot (see BlockLanes).
struct EatLanes {
  explicit EatLanes(std::size_t own_commodities) : own_eaten(own_commodities, BlockLanes{}) {}
  std::vector<BlockLanes> own_eaten;  ///< [own commodity] kg
  BlockLanes kcal_ordered{}, adequacy_persons{}, insecure_persons{}, severe_persons{}, kg{};
};

/// Phase 8 for households [first, first + n): own stock eaten (and removed), purchases at the
/// fill rates, adequacy; all added to `lanes`. Adequacy is kcal / need, need = persons x need per
/// person, so persons x adequacy = kcal / need per person and thresholds compare kcal with
/// threshold x need: no division per household.
GRAINSIM_VECTOR_CLONES
void eatBlock(const EatTerms& t, const std::vector<OwnStock>& own, std::size_t first, std::size_t n,
              const std::uint8_t* persons, const float* kcal_ordered, const float* inv_requirement,
              EatLanes& lanes) {
  float left[kBlock], kcal[kBlock], kg[kBlock];
  for (std::size_t j = 0; j < n; ++j) {
    const bool rural = first + j >= t.rural_begin;
    const float ration = rural ? t.ration_rural : t.ration_urban;
    const float p = persons[first + j];
    left[j] = p * (t.need_per_person - ration);
    kcal[j] = p * ration;
    kg[j] = p * (rural ? t.ration_kg_rural : t.ration_kg_urban);
  }
  for (std::size_t k = 0; k < own.size(); ++k) {
    const OwnStock o = own[k];  // a copy: stores to the stock cannot alias its fields
    BlockLanes& eaten_lanes = lanes.own_eaten[k];
    for (std::size_t j = 0; j < n; ++j) {
      const float before = o.kg[first + j];
      const float after = std::max(0.0f, before - takeOwnStock(o, before, left[j]));
      o.kg[first + j] = after;
      // Exact: the whole stock, or the float taken if that is at least half the stock, or else
      // a difference of floats within a factor 2 (Sterbenz's lemma). So mass balance holds.
      const float eaten = before - after;
      kcal[j] += eaten * o.kcal_per_kg;
      kg[j] += eaten;
      eaten_lanes[j] += eaten;
    }
  }
  // No need (need per person 0): everyone is adequate; min(p, 0 x inf = NaN) keeps p.
  const float persons_per_kcal =
      t.need_per_person > 0 ? 1.0f / t.need_per_person : std::numeric_limits<float>::infinity();
  const float insecure_kcal = t.insecure * t.need_per_person;  // per person
  const float severe_kcal = t.severe * t.need_per_person;
  const float kcal_per_kcal_ordered = t.kcal_per_kcal_ordered;
  const float kg_per_kcal_ordered = t.kg_per_kcal_ordered;
  for (std::size_t j = 0; j < n; ++j) {
    const float bought = kcal_ordered[first + j];
    const float eaten_kcal = kcal[j] + bought * kcal_per_kcal_ordered;
    // Judged against the household's own requirement: eaten / requirement factor.
    const float judged_kcal = eaten_kcal * inv_requirement[first + j];
    const float p = persons[first + j];
    lanes.kcal_ordered[j] += bought;
    lanes.kg[j] += kg[j] + bought * kg_per_kcal_ordered;
    lanes.adequacy_persons[j] += std::min(p, judged_kcal * persons_per_kcal);
    lanes.insecure_persons[j] += judged_kcal < insecure_kcal * p ? p : 0.0f;
    lanes.severe_persons[j] += judged_kcal < severe_kcal * p ? p : 0.0f;
  }
}

/// Positions 0..n-1 ordered by key, ties in position order: a stable LSD radix sort of
/// (key, position) words, four passes over the key's bytes, O(n).
std::vector<std::uint32_t> stableOrderByKey(const std::vector<std::uint32_t>& key) {
  const std::size_t n = key.size();
  std::vector<std::uint64_t> items(n), next(n);
  for (std::size_t i = 0; i < n; ++i) items[i] = std::uint64_t{key[i]} << 32 | i;
  for (int shift = 32; shift < 64; shift += 8) {
    std::array<std::size_t, 257> start{};
    for (const std::uint64_t item : items) ++start[((item >> shift) & 0xFFu) + 1];
    for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (const std::uint64_t item : items) next[start[(item >> shift) & 0xFFu]++] = item;
    items.swap(next);
  }
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(items[i]);
  return order;
}

/// Income per person as a sort key: a positive float's bits order like its value.
std::uint32_t incomeKey(const Column<float>& income, const Column<std::uint8_t>& persons,
                        std::size_t i) {
  return std::bit_cast<std::uint32_t>(income[i] / static_cast<float>(persons[i]));
}

/// Quintile of income per person within one region's agents [b, e), by persons: the poorest
/// fifth of the region's people are quintile 0. In the order of (income per person, agent), an
/// agent's quintile is that of its middle, (persons before it + half its own) / total. Agents
/// are first counted in buckets of their key's top bits; a bucket whose first and last
/// possible middles fall in one quintile is all that quintile, and only the few buckets that
/// straddle a boundary are sorted. Persons are whole numbers, so every sum is exact and the
/// result is the same as sorting the whole region.
void regionQuintiles(std::size_t b, std::size_t e, const Column<std::uint8_t>& persons,
                     const Column<float>& income, Column<std::uint8_t>& quintile) {
  // About four agents a bucket, at most 2^16 buckets: a small region zeroes a small table.
  const int bits = std::clamp(static_cast<int>(std::bit_width(e - b)) - 2, 8, 16);
  const int shift = 32 - bits;
  const std::size_t buckets = std::size_t{1} << bits;
  std::vector<std::uint64_t> before(buckets + 1, 0);  // persons by bucket, then cumulated
  for (std::size_t i = b; i < e; ++i)
    before[(incomeKey(income, persons, i) >> shift) + 1] += persons[i];
  for (std::size_t k = 1; k <= buckets; ++k) before[k] += before[k - 1];
  const double total = static_cast<double>(before[buckets]);
  const auto quintileAt = [&](double middle) {
    return static_cast<std::uint8_t>(std::min(kQuintiles - 1, int(middle / total * kQuintiles)));
  };
  constexpr std::uint8_t kStraddles = 0xFF;
  std::vector<std::uint8_t> bucket_quintile(buckets, kStraddles);
  for (std::size_t k = 0; k < buckets; ++k)
    if (before[k + 1] > before[k]) {
      const std::uint8_t first = quintileAt(double(before[k]) + 0.5),
                         last = quintileAt(double(before[k + 1]) - 0.5);
      if (first == last) bucket_quintile[k] = first;
    }
  std::vector<std::uint32_t> straddling;  // agents (from b) of buckets that straddle
  for (std::size_t i = b; i < e; ++i) {
    const std::uint8_t q = bucket_quintile[incomeKey(income, persons, i) >> shift];
    if (q == kStraddles) straddling.push_back(static_cast<std::uint32_t>(i - b));
    quintile[i] = q;
  }
  std::vector<std::uint32_t> key(straddling.size());
  for (std::size_t j = 0; j < key.size(); ++j)
    key[j] = incomeKey(income, persons, b + straddling[j]);
  // Sorted together, the straddling buckets' agents run bucket after bucket.
  std::size_t bucket = buckets;
  double below = 0;
  for (const std::uint32_t j : stableOrderByKey(key)) {
    const std::size_t i = b + straddling[j];
    if (key[j] >> shift != bucket) {
      bucket = key[j] >> shift;
      below = static_cast<double>(before[bucket]);
    }
    quintile[i] = quintileAt(below + 0.5 * persons[i]);
    below += persons[i];
  }
}

/// Zeroes everything the eating phase sums (orders stay: they are the ordering phase's).
void resetEatingTotals(std::size_t regions, std::size_t commodities, HouseholdTotals& t) {
  t.quintile_persons.assign(regions, {});
  t.quintile_kg.assign(regions, {});
  t.quintile_insecure.assign(regions, {});
  t.own_eaten = t.bought = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(regions),
                                                 static_cast<Eigen::Index>(commodities));
  t.persons.assign(regions, 0.0);
  t.kcal_adequacy_persons.assign(regions, 0.0);
  t.insecure_persons.assign(regions, 0.0);
  t.severe_persons.assign(regions, 0.0);
}

/// Region of a chunk of agents (its group is region x quintile).
int regionOf(const Chunk& chunk) {
  return chunk.group / kQuintiles;
}

/// Calories ordered by region: chunk sums added in chunk order.
std::vector<double> kcalOrderedByRegion(const Households& h, const std::vector<double>& by_chunk,
                                        std::size_t regions) {
  std::vector<double> kcal(regions, 0.0);
  for (std::size_t k = 0; k < h.chunks.size(); ++k) kcal[regionOf(h.chunks[k])] += by_chunk[k];
  return kcal;
}

/// Market orders (kg, all households) of commodity c in a region from its calories ordered.
/// Phase 6's terms for the households of region `r`, rural from agent `rural_begin` on.
OrderTerms orderTerms(const Scenario& s, const OrderInputs& in, int r, std::size_t rural_begin) {
  const auto ri = static_cast<std::size_t>(r);
  const auto shock_sd = static_cast<float>(s.params.income.daily_shock_sd);
  const double kpw_per_kcal = in.kpw_per_kcal[ri];
  return {.need_per_person = single(in.cereal_kcal_need[ri]),
          .ration_urban = single(in.ration_urban_kcal[ri]),
          .ration_rural = single(in.ration_rural_kcal[ri]),
          .rural_begin = rural_begin,
          .shock_sd = shock_sd,
          .shock_shift = 0.5f * shock_sd * shock_sd,
          .budget_per_usd = single(in.income_kpw_per_usd * s.params.income.food_share),
          .kpw_per_kcal = single(kpw_per_kcal),
          .kcal_per_kpw = kpw_per_kcal > 0 ? single(1.0 / kpw_per_kcal) : 0.0f,
          .coping_share = single(s.params.income.coping_share)};
}

double ordersKg(const Scenario& s, const Households& h, const RegionOffer& offer, std::size_t c,
                double kcal_ordered) {
  if (!s.commodities[c].retail) return 0;
  return kcal_ordered * (offer.kcal_share[c] / s.commodities[c].kcal_per_kg) * h.weight;
}

}  // namespace

void setDietMix(const Scenario& s, double kpw_per_usd_start, RegionOffer& offer) {
  std::vector<double> start_price;
  for (const Commodity& c : s.commodities)
    start_price.push_back(c.initial_price_usd_per_kg * kpw_per_usd_start);
  setDietMix(s, start_price, offer);
}

void setDietMix(const Scenario& s, const std::vector<double>& start_price, RegionOffer& offer) {
  const double sigma = s.params.demand.substitution_elasticity;
  const std::size_t C = s.commodities.size();
  offer.kcal_share.assign(C, 0.0);
  double total = 0;
  for (std::size_t c = 0; c < C; ++c) {
    const Commodity& com = s.commodities[c];
    if (!com.retail || !offer.available[c] || com.start_kcal_share <= 0) continue;
    // Relative to start prices, so the weights need no separate calibration step.
    const double relative_cost = offer.price[c] / start_price[c];
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

namespace {

/// A crop's latest harvest before the first simulated day: when its own share reached farm
/// households, and how many kg per rural person it gave them in each region.
struct OwnHarvestEvent {
  Date date;
  int commodity;
  std::vector<double> kg_per_rural_person;  ///< by region
};

std::vector<OwnHarvestEvent> latestOwnHarvests(const Scenario& s,
                                               const std::vector<double>& rural_persons) {
  const Date first = s.firstDate();
  std::vector<OwnHarvestEvent> events;
  for (const Harvest& h : s.harvests) {
    if (h.own_share <= 0) continue;
    const HarvestWindow w = currentOrLastWindow(h, first);
    // A harvest under way has given its days so far; a finished one counts from its last day.
    const double share = w.contains(first) ? double(first - w.first) / h.window_days : 1.0;
    OwnHarvestEvent e{w.contains(first) ? first : w.last, h.commodity, {}};
    for (std::size_t r = 0; r < s.regions.size(); ++r)
      e.kg_per_rural_person.push_back(
          rural_persons[r] > 0 ? h.tonnes * 1000 * h.own_share * share *
                                     s.regions[r].production_share[h.commodity] / rural_persons[r]
                               : 0.0);
    events.push_back(std::move(e));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  return events;
}

/// A rural household's own stock (kcal by commodity) on the first simulated day: each latest
/// harvest added on its date, `kcal_per_day` eaten every day since, in commodity order.
void ownStockOnFirstDay(const Scenario& s, const std::vector<OwnHarvestEvent>& events,
                        std::size_t region, double persons_share, double kcal_per_day,
                        std::vector<double>& kcal) {
  std::fill(kcal.begin(), kcal.end(), 0.0);
  for (std::size_t e = 0; e < events.size(); ++e) {
    const OwnHarvestEvent& ev = events[e];
    kcal[ev.commodity] +=
        ev.kg_per_rural_person[region] * persons_share * s.commodities[ev.commodity].kcal_per_kg;
    const Date until = e + 1 < events.size() ? events[e + 1].date : s.firstDate();
    double eat = kcal_per_day * (until - ev.date);
    for (double& k : kcal) {
      const double taken = std::min(k, eat);
      k -= taken;
      eat -= taken;
    }
  }
}

/// Day counter of a year's draws of farm households' shares of the harvest.
std::uint32_t harvestYearKey(int year) {
  return 0x80000000u + static_cast<std::uint32_t>(year);
}

}  // namespace

namespace {

/// A chunk of created households (one region's): how many of each quintile, urban and rural,
/// and their persons.
struct QuintileCounts {
  std::array<std::size_t, kQuintiles> urban{}, rural{};
  std::array<double, kQuintiles> persons{};
  double urban_persons = 0, rural_persons = 0;
};

/// Runs body(k, chunks[k]) for every chunk in parallel: setup's loops, each agent written once.
template <class Body>
void forEachSetupChunk(const std::vector<Chunk>& chunks, const Body& body) {
  forEachChunk(chunks.size(), true, [&](std::size_t k) { body(k, chunks[k]); });
}

}  // namespace

Households createHouseholds(const Scenario& s, const KeyedRng& rng,
                            const std::vector<double>& cereal_kcal_need) {
  const auto& pop = s.params.population;
  double census = pop.military_in_camps;
  for (const auto& r : s.regions) census += r.census_population;
  const double scale = pop.total / census;

  // Created by region, urban first; every draw is keyed by the agent, so regions and agents may
  // be drawn in any order.
  std::vector<std::size_t> region_begin{0};
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const double civilians = s.regions[r].census_population * scale;
    const auto n = static_cast<std::size_t>(
        std::llround(civilians / pop.persons_per_household / pop.agent_weight));
    region_begin.push_back(region_begin.back() + n);
  }
  const std::size_t n = region_begin.back();
  const std::size_t C = s.commodities.size();
  std::vector<int> kept;  // commodities farm households keep, in commodity order
  for (std::size_t c = 0; c < C; ++c)
    if (std::ranges::any_of(s.harvests, [&](const Harvest& hv) {
          return hv.commodity == static_cast<int>(c) && hv.own_share > 0;
        }))
      kept.push_back(static_cast<int>(c));
  std::vector<std::size_t> urban_count(s.regions.size());  // each region's first agents
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    urban_count[r] = static_cast<std::size_t>(
        std::llround(s.regions[r].urban_share * (region_begin[r + 1] - region_begin[r])));
  const std::vector<Chunk> created = makeChunks(region_begin, kChunkSize);  // group = region

  // 1. Sizes and incomes in creation order, keyed by the creation index.
  const auto size_cdf = householdSizeCdf(pop.persons_per_household);
  const auto log_sd = static_cast<float>(s.params.income.log_sd);
  Column<std::uint8_t> persons(n);
  Column<float> income(n);
  forEachSetupChunk(created, [&](std::size_t, const Chunk& chunk) {
    const Region& reg = s.regions[chunk.group];
    const std::size_t urban_end = region_begin[chunk.group] + urban_count[chunk.group];
    double u[kBlock];
    float z[kBlock] = {};  // no spread: z = 0 gives exp(0) = 1 exactly
    for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
      const std::size_t m = std::min(kBlock, chunk.end - b);
      const auto first = static_cast<std::uint32_t>(b);
      rng.uniforms(kInitDay, first, m, Purpose::household_size, u);
      if (log_sd > 0) rng.normals(kInitDay, first, m, Purpose::household_income, z);
      for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = b + j;
        persons[i] = drawPersons(size_cdf, u[j]);
        const double median =
            i < urban_end ? s.params.income.median_usd_urban : s.params.income.median_usd_rural;
        income[i] = static_cast<float>(median * reg.income_multiplier * persons[i] *
                                       portable::exp(log_sd * z[j]));
      }
    }
  });

  // 2. Quintiles within each region; farm households' persons (weighted, in agent order).
  Column<std::uint8_t> quintile(n);
  std::vector<double> rural_persons(s.regions.size(), 0.0);
  tbb::parallel_for(std::size_t{0}, s.regions.size(), [&](std::size_t r) {
    regionQuintiles(region_begin[r], region_begin[r + 1], persons, income, quintile);
    for (std::size_t i = region_begin[r] + urban_count[r]; i < region_begin[r + 1]; ++i)
      rural_persons[r] += persons[i] * pop.agent_weight;
  });

  // 3. Regrouped by (region, quintile), creation order kept within a group, so each group holds
  // its urban households, then its rural ones. From here on an agent's identity, and so its
  // daily draws, is its place in this order. Each chunk of created agents counts its quintiles,
  // so each knows where its agents go and all are placed in parallel.
  std::vector<QuintileCounts> counts(created.size());
  forEachSetupChunk(created, [&](std::size_t k, const Chunk& chunk) {
    QuintileCounts& c = counts[k];
    const std::size_t urban_end = region_begin[chunk.group] + urban_count[chunk.group];
    for (std::size_t i = chunk.begin; i < chunk.end; ++i) {
      const bool urban = i < urban_end;
      ++(urban ? c.urban : c.rural)[quintile[i]];
      c.persons[quintile[i]] += persons[i];
      (urban ? c.urban_persons : c.rural_persons) += persons[i];
    }
  });
  Households h;
  h.weight = pop.agent_weight;
  const std::size_t G = s.regions.size() * kQuintiles;
  std::vector<std::size_t> group_size(G, 0), group_urban(G, 0);
  h.group_persons.assign(G, 0.0);
  h.urban_persons.assign(s.regions.size(), 0.0);
  h.rural_persons.assign(s.regions.size(), 0.0);
  // Persons are whole numbers: their sums are exact in any order.
  for (std::size_t k = 0; k < created.size(); ++k) {
    h.urban_persons[created[k].group] += counts[k].urban_persons;
    h.rural_persons[created[k].group] += counts[k].rural_persons;
    for (int q = 0; q < kQuintiles; ++q) {
      const std::size_t g = created[k].group * kQuintiles + q;
      group_urban[g] += counts[k].urban[q];
      group_size[g] += counts[k].urban[q] + counts[k].rural[q];
      h.group_persons[g] += counts[k].persons[q];
    }
  }
  h.group_begin.assign(1, 0);
  h.rural_begin.assign(G, 0);
  for (std::size_t g = 0; g < G; ++g) {
    h.rural_begin[g] = h.group_begin.back() + group_urban[g];
    h.group_begin.push_back(h.group_begin.back() + group_size[g]);
  }
  std::vector<std::array<std::size_t, kQuintiles>> place(created.size());  // each chunk's first
  {
    std::vector<std::size_t> next(h.group_begin.begin(), h.group_begin.end() - 1);
    for (std::size_t k = 0; k < created.size(); ++k)
      for (int q = 0; q < kQuintiles; ++q) {
        const std::size_t g = created[k].group * kQuintiles + q;
        place[k][q] = next[g];
        next[g] += counts[k].urban[q] + counts[k].rural[q];
      }
  }

  // 4. Into the final columns: sizes, incomes, and rural households' own stocks, each
  // household's share of the latest harvests drawn within +-50 %, so they run out one by one.
  const std::vector<OwnHarvestEvent> events = latestOwnHarvests(s, rural_persons);
  h.persons.resize(n);
  h.income_usd.resize(n);
  h.own_stock.resize(C);
  for (const int c : kept) h.own_stock[c].resize(n);
  forEachSetupChunk(created, [&](std::size_t k, const Chunk& chunk) {
    const std::size_t r = chunk.group;
    const std::size_t urban_end = region_begin[r] + urban_count[r];
    std::array<std::size_t, kQuintiles> next = place[k];
    std::vector<double> kcal(C);
    double u[kBlock];
    for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
      const std::size_t m = std::min(kBlock, chunk.end - b);
      if (b + m > urban_end)
        rng.uniforms(kInitDay, static_cast<std::uint32_t>(b), m, Purpose::household_own_stock, u);
      for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = b + j, to = next[quintile[i]]++;
        h.persons[to] = persons[i];
        h.income_usd[to] = income[i];
        if (i < urban_end) {  // urban households keep none
          for (const int c : kept) h.own_stock[c][to] = 0.0f;
          continue;
        }
        ownStockOnFirstDay(s, events, r, persons[i] * (0.5 + u[j]),
                           persons[i] * cereal_kcal_need[r], kcal);
        for (const int c : kept)
          h.own_stock[c][to] = static_cast<float>(kcal[c] / s.commodities[c].kcal_per_kg);
      }
    }
  });

  // 5. Columns of the final order: requirement factors drawn by the agent's place, uniform in
  // 1 +- spread; no calories ordered yet. The creation-order incomes, placed, lend their pages
  // to the calories ordered: a fresh page costs more to fault in than to overwrite.
  h.chunks = makeChunks(h.group_begin, kChunkSize);
  h.kcal_ordered = std::move(income);
  h.inv_requirement.resize(n);
  const double spread = s.params.need.requirement_spread;
  forEachSetupChunk(h.chunks, [&](std::size_t, const Chunk& chunk) {
    double u[kBlock];
    for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
      const std::size_t m = std::min(kBlock, chunk.end - b);
      if (spread > 0)
        rng.uniforms(kInitDay, static_cast<std::uint32_t>(b), m, Purpose::requirement, u);
      for (std::size_t j = 0; j < m; ++j) {
        h.kcal_ordered[b + j] = 0.0f;
        h.inv_requirement[b + j] =
            spread > 0 ? single(1.0 / (1.0 + spread * (2 * u[j] - 1))) : 1.0f;
      }
    }
  });
  h.own_stock_kg.assign(C, 0.0);
  for (std::size_t c = 0; c < C; ++c)
    for (float kg : h.own_stock[c]) h.own_stock_kg[c] += kg;
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

Eigen::ArrayXd addOwnHarvest(const Scenario& s, const KeyedRng& rng, int year,
                             const Eigen::ArrayXXd& own_kg, Households& h) {
  const std::size_t C = s.commodities.size();
  Eigen::ArrayXd added = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(C));
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    if (h.rural_persons[r] <= 0) continue;
    for (std::size_t c = 0; c < C; ++c) {
      const double kg = own_kg(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
      if (kg <= 0 || h.own_stock[c].empty()) continue;
      const double per_person = kg / (h.rural_persons[r] * h.weight);
      float* stock = h.own_stock[c].data();
      // Per group, in agent order: the sum of what was added is exact and thread-independent.
      std::vector<double> by_group(kQuintiles, 0.0);
      tbb::parallel_for(0, kQuintiles, [&](int q) {
        const std::size_t g = r * kQuintiles + q;
        double u[kBlock];
        for (std::size_t b = h.rural_begin[g]; b < h.group_begin[g + 1]; b += kBlock) {
          const std::size_t m = std::min(kBlock, h.group_begin[g + 1] - b);
          rng.uniforms(harvestYearKey(year), static_cast<std::uint32_t>(b), m, Purpose::own_harvest,
                       u);
          for (std::size_t j = 0; j < m; ++j) {
            const std::size_t i = b + j;
            const float before = stock[i];
            stock[i] = single(before + per_person * h.persons[i] * (0.5 + u[j]));
            by_group[q] += double(stock[i]) - double(before);
          }
        }
      });
      for (const double group_kg : by_group) {
        added(static_cast<Eigen::Index>(c)) += group_kg * h.weight;
        h.own_stock_kg[c] += group_kg;
      }
    }
  }
  return added;
}

OrderInputs orderInputs(std::uint32_t day, double income_kpw_per_usd,
                        const std::vector<RegionOffer>& offers,
                        const std::vector<Ration>& rations) {
  OrderInputs in;
  in.day = day;
  in.income_kpw_per_usd = income_kpw_per_usd;
  for (std::size_t r = 0; r < offers.size(); ++r) {
    in.cereal_kcal_need.push_back(offers[r].cereal_kcal_need);
    in.kpw_per_kcal.push_back(offers[r].kpw_per_kcal);
    in.ration_urban_kcal.push_back(rations[r].urban_kcal);
    in.ration_rural_kcal.push_back(rations[r].rural_kcal);
  }
  return in;
}

void placeOrders(const Scenario& s, const KeyedRng& rng, std::uint32_t day,
                 double income_kpw_per_usd, const std::vector<RegionOffer>& offers,
                 const std::vector<Ration>& rations, bool parallel, Households& h,
                 HouseholdTotals& totals, const OrdersAhead* ahead) {
  const OrderInputs inputs = orderInputs(day, income_kpw_per_usd, offers, rations);
  std::vector<double> chunk_kcal(h.chunks.size(), 0.0);
  if (ahead && ahead->inputs == inputs) {
    chunk_kcal = ahead->chunk_kcal;
    h.shock_draws += ahead->shock_draws;
  } else {
    const auto own = ownStocks(s, h);
    std::vector<std::size_t> chunk_draws(h.chunks.size(), 0);
    forEachChunk(h.chunks.size(), parallel, [&](std::size_t k) {
      const Chunk& chunk = h.chunks[k];
      const OrderTerms terms = orderTerms(s, inputs, regionOf(chunk), h.rural_begin[chunk.group]);
      BlockLanes kcal_lanes{};
      for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
        const std::size_t n = std::min(kBlock, chunk.end - b);
        chunk_draws[k] +=
            orderBlock(terms, {rng, day}, b + n > terms.rural_begin ? own : kNoOwnStock, b, n,
                       h.persons.data(), h.income_usd.data(), h.kcal_ordered.data(), kcal_lanes);
      }
      chunk_kcal[k] = laneSum(kcal_lanes.data(), kBlock);
    });
    for (const std::size_t draws : chunk_draws) h.shock_draws += draws;
  }

  const std::vector<double> kcal = kcalOrderedByRegion(h, chunk_kcal, s.regions.size());
  totals.orders = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(s.regions.size()),
                                        static_cast<Eigen::Index>(s.commodities.size()));
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c)
      totals.orders(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          ordersKg(s, h, offers[r], c, kcal[r]);
}

std::optional<OrdersAhead> consume(const Scenario& s, const std::vector<RegionOffer>& offers,
                                   const std::vector<Ration>& rations,
                                   const std::vector<std::vector<double>>& fill_rate, bool parallel,
                                   Households& h, HouseholdTotals& totals,
                                   const NextDayOrders* next) {
  const std::size_t C = s.commodities.size(), R = s.regions.size();
  const auto own = ownStocks(s, h);
  std::optional<OrdersAhead> ahead;
  std::vector<std::size_t> chunk_draws;
  if (next) {
    ahead = OrdersAhead{.inputs = next->inputs, .chunk_kcal = std::vector<double>(h.chunks.size())};
    chunk_draws.assign(h.chunks.size(), 0);
  }
  // What each chunk's households ate, its lanes folded (added in chunk order below).
  struct ChunkSums {
    std::vector<double> own_eaten;  ///< [own commodity] kg
    double kcal_ordered = 0, adequacy_persons = 0, insecure_persons = 0, severe_persons = 0, kg = 0;
  };
  std::vector<ChunkSums> partial(h.chunks.size());

  forEachChunk(h.chunks.size(), parallel, [&](std::size_t k) {
    const Chunk& chunk = h.chunks[k];
    const int r = regionOf(chunk);
    const RegionOffer& offer = offers[r];
    double kcal_per_kcal_ordered = 0, kg_per_kcal_ordered = 0;
    for (std::size_t c = 0; c < C; ++c) {
      if (!s.commodities[c].retail) continue;
      kcal_per_kcal_ordered += fill_rate[r][c] * offer.kcal_share[c];
      kg_per_kcal_ordered += fill_rate[r][c] * offer.kcal_share[c] / s.commodities[c].kcal_per_kg;
    }
    const Ration& ration = rations[r];
    const EatTerms terms{.need_per_person = single(offer.cereal_kcal_need),
                         .ration_urban = single(ration.urban_kcal),
                         .ration_rural = single(ration.rural_kcal),
                         .ration_kg_urban = single(ration.urban_kg),
                         .ration_kg_rural = single(ration.rural_kg),
                         .rural_begin = h.rural_begin[chunk.group],
                         .kcal_per_kcal_ordered = single(kcal_per_kcal_ordered),
                         .kg_per_kcal_ordered = single(kg_per_kcal_ordered),
                         .insecure = single(s.params.need.insecure_threshold),
                         .severe = single(s.params.need.severe_threshold)};
    EatLanes lanes(own.size());
    const std::size_t rural_begin = h.rural_begin[chunk.group];
    if (!next) {
      for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
        const std::size_t n = std::min(kBlock, chunk.end - b);
        eatBlock(terms, b + n > rural_begin ? own : kNoOwnStock, b, n, h.persons.data(),
                 h.kcal_ordered.data(), h.inv_requirement.data(), lanes);
      }
    } else {
      // Block by block, eat today, then order for tomorrow while the block is in cache: the
      // order reads the own stock just eaten and overwrites the calories just read.
      const OrderTerms next_terms = orderTerms(s, next->inputs, r, rural_begin);
      BlockLanes kcal_lanes{};
      for (std::size_t b = chunk.begin; b < chunk.end; b += kBlock) {
        const std::size_t n = std::min(kBlock, chunk.end - b);
        const std::vector<OwnStock>& block_own = b + n > rural_begin ? own : kNoOwnStock;
        eatBlock(terms, block_own, b, n, h.persons.data(), h.kcal_ordered.data(),
                 h.inv_requirement.data(), lanes);
        chunk_draws[k] +=
            orderBlock(next_terms, {next->rng, next->inputs.day}, block_own, b, n, h.persons.data(),
                       h.income_usd.data(), h.kcal_ordered.data(), kcal_lanes);
      }
      ahead->chunk_kcal[k] = laneSum(kcal_lanes.data(), kBlock);
    }
    ChunkSums& sum = partial[k];
    for (std::size_t o = 0; o < own.size(); ++o)
      sum.own_eaten.push_back(laneSum(lanes.own_eaten[o].data(), kBlock));
    sum.kcal_ordered = laneSum(lanes.kcal_ordered.data(), kBlock);
    sum.adequacy_persons = laneSum(lanes.adequacy_persons.data(), kBlock);
    sum.insecure_persons = laneSum(lanes.insecure_persons.data(), kBlock);
    sum.severe_persons = laneSum(lanes.severe_persons.data(), kBlock);
    sum.kg = laneSum(lanes.kg.data(), kBlock);
  });

  resetEatingTotals(R, C, totals);
  std::vector<double> kcal_by_chunk(h.chunks.size());
  for (std::size_t k = 0; k < h.chunks.size(); ++k) {
    const Chunk& chunk = h.chunks[k];
    const int r = regionOf(chunk), q = chunk.group % kQuintiles;
    const ChunkSums& sum = partial[k];
    for (std::size_t o = 0; o < own.size(); ++o) {
      totals.own_eaten(r, own[o].commodity) += sum.own_eaten[o] * h.weight;
      h.own_stock_kg[own[o].commodity] -= sum.own_eaten[o];
    }
    kcal_by_chunk[k] = sum.kcal_ordered;
    totals.kcal_adequacy_persons[r] += sum.adequacy_persons * h.weight;
    totals.insecure_persons[r] += sum.insecure_persons * h.weight;
    totals.severe_persons[r] += sum.severe_persons * h.weight;
    totals.quintile_kg[r][q] += sum.kg * h.weight;
    totals.quintile_insecure[r][q] += sum.insecure_persons * h.weight;
  }
  // Purchases: each order times its fill rate, from the same calories as the orders.
  const std::vector<double> kcal = kcalOrderedByRegion(h, kcal_by_chunk, R);
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t c = 0; c < C; ++c)
      totals.bought(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          fill_rate[r][c] * ordersKg(s, h, offers[r], c, kcal[r]);
    for (int q = 0; q < kQuintiles; ++q) {
      const double persons = h.group_persons[r * kQuintiles + q] * h.weight;
      totals.quintile_persons[r][q] = persons;
      totals.persons[r] += persons;
    }
  }
  if (ahead)
    for (const std::size_t draws : chunk_draws) ahead->shock_draws += draws;
  return ahead;
}

}  // namespace grainsim
