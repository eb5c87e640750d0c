/// \brief The daily step: tomorrow's orders placed in today's eating pass are the very orders
/// tomorrow's own pass would place, and are used only for the inputs they were placed for.
#include <gtest/gtest.h>

#include <cstring>
#include <optional>

#include "model/Step.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

using testing::defaultAtScale;

template <class T>
bool sameBits(const T* a, const T* b, std::size_t n) {
  return n == 0 || std::memcmp(a, b, n * sizeof(T)) == 0;  // an empty column's data() may be null
}

bool sameBits(const Eigen::ArrayXXd& a, const Eigen::ArrayXXd& b) {
  return a.size() == b.size() && sameBits(a.data(), b.data(), static_cast<std::size_t>(a.size()));
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && sameBits(a.data(), b.data(), a.size());
}

bool sameBits(const Column<float>& a, const Column<float>& b) {
  return a.size() == b.size() && sameBits(a.data(), b.data(), a.size());
}

/// Everything the household passes write but each household's orders (after a day that
/// ordered ahead, those are tomorrow's), and the prices and ledger they feed, bit for bit.
void expectSameDay(const State& a, const State& b) {
  const Households &ha = a.households, &hb = b.households;
  ASSERT_EQ(a.day, b.day);
  for (std::size_t c = 0; c < ha.own_stock.size(); ++c)
    EXPECT_TRUE(sameBits(ha.own_stock[c].data(), hb.own_stock[c].data(), ha.own_stock[c].size()))
        << "own stock of commodity " << c << ", day " << a.day;
  EXPECT_EQ(ha.shock_draws, hb.shock_draws) << "day " << a.day;
  const HouseholdTotals &ta = a.household_totals, &tb = b.household_totals;
  EXPECT_TRUE(sameBits(ta.orders, tb.orders)) << "day " << a.day;
  EXPECT_TRUE(sameBits(ta.own_eaten, tb.own_eaten)) << "day " << a.day;
  EXPECT_TRUE(sameBits(ta.bought, tb.bought)) << "day " << a.day;
  EXPECT_TRUE(sameBits(ta.kcal_adequacy_persons, tb.kcal_adequacy_persons)) << "day " << a.day;
  EXPECT_TRUE(sameBits(ta.insecure_persons, tb.insecure_persons)) << "day " << a.day;
  EXPECT_TRUE(sameBits(a.markets.price, b.markets.price)) << "day " << a.day;
  EXPECT_TRUE(sameBits(a.ledger.consumed.data(), b.ledger.consumed.data(),
                       static_cast<std::size_t>(a.ledger.consumed.size())))
      << "day " << a.day;
}

/// Steps `s` to its end twice: as the model does (tomorrow's orders placed while eating) and
/// with every order placed by its own day's pass. Returns the days after which orders were
/// placed ahead.
int expectOrdersAheadChangeNothing(const Scenario& s) {
  const KeyedRng rng(5, 0);
  State ahead = initialState(s, rng), own = ahead;
  ahead.order_ahead = true;  // at any scale
  own.order_ahead = false;
  int placed_ahead = 0;
  std::optional<Column<float>> placed;  // each household's orders for tomorrow, placed today
  for (int d = 0; d < s.spinupDays() + s.days(); ++d) {
    stepDay(s, rng, true, ahead);
    stepDay(s, rng, true, own);
    EXPECT_FALSE(own.orders_ahead.has_value());  // tomorrow orders in a pass of its own
    if (placed) {
      EXPECT_TRUE(sameBits(*placed, own.households.kcal_ordered)) << "day " << d;
    }
    placed.reset();
    if (ahead.orders_ahead) {
      ++placed_ahead;
      placed = ahead.households.kcal_ordered;
    } else {
      EXPECT_TRUE(sameBits(ahead.households.kcal_ordered, own.households.kcal_ordered))
          << "day " << d;
    }
    expectSameDay(ahead, own);
    if (::testing::Test::HasFailure()) break;
  }
  return placed_ahead;
}

TEST(OrdersAhead, TheWinterOrdersAheadEveryDayButTheLastWithTheSameBits) {
  const Scenario s = defaultAtScale(500);
  const int days = s.spinupDays() + s.days();
  // The winter has no own harvest, so each day but the last sees its tomorrow.
  EXPECT_EQ(expectOrdersAheadChangeNothing(s), days - 1);
}

TEST(OrdersAhead, HarvestsAreNotOrderedAheadAndChangeNoBit) {
  const Scenario s = defaultAtScale(
      1000, {"run.start_date=2027-06-01", "run.end_date=2027-11-15", "run.spinup_days=0"});
  const int days = s.spinupDays() + s.days();
  const int placed = expectOrdersAheadChangeNothing(s);
  // Own harvests fall on some of these days: the eve of each orders in its own pass.
  EXPECT_GT(placed, days / 3);
  EXPECT_LT(placed, days - 1);
}

TEST(OrdersAhead, OnlyRunsWhoseColumnsOutgrowTheCachesOrderAhead) {
  const KeyedRng rng(5, 0);
  EXPECT_FALSE(initialState(defaultAtScale(500), rng).order_ahead);
  EXPECT_FALSE(initialState(defaultAtScale(10), rng).order_ahead);   // 642,000 agents
  const State national_half = initialState(defaultAtScale(2), rng);  // 3.2 million agents
  EXPECT_GE(national_half.households.size(), kOrderAheadMinAgents);
  EXPECT_TRUE(national_half.order_ahead);
}

TEST(OrdersAhead, AreUsedForTheirOwnInputsOnly) {
  const Scenario s = defaultAtScale(500);
  const KeyedRng rng(5, 0);
  State today = initialState(s, rng);
  today.order_ahead = true;
  for (int d = 0; d < 20; ++d) stepDay(s, rng, false, today);
  ASSERT_TRUE(today.orders_ahead.has_value());

  State reference = today;  // tomorrow orders in its own pass
  reference.orders_ahead.reset();
  stepDay(s, rng, false, reference);

  // Orders placed ahead are taken as they are: doubled, tomorrow's orders double.
  State doubled = today;
  for (double& kcal : doubled.orders_ahead->chunk_kcal) kcal *= 2;
  stepDay(s, rng, false, doubled);
  EXPECT_NEAR(doubled.household_totals.orders.sum(), 2 * reference.household_totals.orders.sum(),
              1e-9 * reference.household_totals.orders.sum());

  // Placed for other inputs (say the market changed overnight), they are not used at all.
  State stale = today;
  for (double& kcal : stale.orders_ahead->chunk_kcal) kcal *= 2;
  stale.orders_ahead->inputs.kpw_per_kcal[0] *= 1.5;
  stepDay(s, rng, false, stale);
  expectSameDay(stale, reference);
  EXPECT_TRUE(sameBits(stale.households.kcal_ordered, reference.households.kcal_ordered));
}

}  // namespace
}  // namespace grainsim
