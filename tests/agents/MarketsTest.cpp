/// \brief Market clearing: rationing, shops first, price moves with excess demand.
#include <gtest/gtest.h>

#include <cmath>

#include "agents/Markets.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

struct OneMarket : ::testing::Test {
  Scenario s = testing::defaultAtScale(1000);
  Markets m = createMarkets(s, 32000);
  int rice = s.commodityIndex("rice");
  int flour = s.commodityIndex("flour");
  Eigen::ArrayXd none = Eigen::ArrayXd::Zero(s.commodities.size());  // no announcement
};

TEST_F(OneMarket, ShortMarketRationsOrdersProRata) {
  m.offer(0, rice) = 1000;
  m.inventory(0, rice) = 5000;
  m.orders(0, rice) = 4000;
  const double price = m.price(0, rice);
  clearMarkets(s, m);
  EXPECT_DOUBLE_EQ(m.fill(0, rice), 0.25);
  EXPECT_DOUBLE_EQ(m.sales(0, rice), 1000);
  EXPECT_DOUBLE_EQ(m.inventory(0, rice), 4000);
  EXPECT_GT(m.price(0, rice), price);  // excess demand raises the price
}

TEST_F(OneMarket, SlackMarketLowersThePrice) {
  m.inventory(0, rice) = 100'000;  // 100 days of cover at 1 t/day: far above target
  m.offer(0, rice) = 5000;
  m.orders(0, rice) = 1000;
  const double price = m.price(0, rice);
  clearMarkets(s, m);
  EXPECT_DOUBLE_EQ(m.fill(0, rice), 1.0);
  EXPECT_LT(m.price(0, rice), price);
}

TEST_F(OneMarket, StateShopsSellBeforeTraders) {
  m.shop_stock(0, flour) = 800;
  m.shop_offer(0, flour) = 300;
  m.offer(0, flour) = 1000;
  m.inventory(0, flour) = 2000;
  m.orders(0, flour) = 500;
  clearMarkets(s, m);
  EXPECT_DOUBLE_EQ(m.shop_sales(0, flour), 300);
  EXPECT_DOUBLE_EQ(m.shop_stock(0, flour), 500);
  EXPECT_DOUBLE_EQ(m.inventory(0, flour), 1800);
  EXPECT_DOUBLE_EQ(m.sales(0, flour), 500);
}

TEST_F(OneMarket, ExpectedRiseHoldsStockBack) {
  m.inventory(0, rice) = 20'000;
  m.expected(0, rice) = m.price(0, rice) * 1.5;
  setOffers(s, none, m);
  const double held_back = m.offer(0, rice);
  m.expected(0, rice) = m.price(0, rice);
  setOffers(s, none, m);
  EXPECT_LT(held_back, m.offer(0, rice));
  EXPECT_NEAR(m.offer(0, rice), 20'000 / s.params.market.target_cover_days, 1e-9);
}

TEST_F(OneMarket, ImportParityPassesThroughFullyDomesticGrainPartly) {
  const double rice_price = m.price(3, rice), flour_price = m.price(3, flour);
  repriceForExchangeRate(s, m, 1.1);
  EXPECT_DOUBLE_EQ(m.price(3, flour), flour_price * 1.1);  // flour is import parity
  EXPECT_DOUBLE_EQ(m.price(3, rice),
                   rice_price * std::pow(1.1, s.params.exchange.domestic_passthrough));
  EXPECT_LT(m.price(3, rice), rice_price * 1.1);
}

/// A market that serves less than 95 % of its orders does not cut its price, however much
/// stock traders hold back: its buyers queue for what is there.
TEST_F(OneMarket, RationedBuyersAreNeverMetWithAPriceCut) {
  m.inventory(0, rice) = 1'000'000;  // far above target cover: the cover term pulls down
  m.offer(0, rice) = 930;
  m.orders(0, rice) = 1000;
  const double price = m.price(0, rice);
  clearMarkets(s, m);
  ASSERT_LT(m.fill(0, rice), kRationedFill);
  EXPECT_GE(m.price(0, rice), price);
}

/// Shops sell before traders: aid shops and state shops in proportion to their offers.
TEST_F(OneMarket, AidAndStateShopsSellFirstInProportion) {
  m.offer(0, rice) = 1000;
  m.inventory(0, rice) = 20'000;
  m.shop_offer(0, rice) = 100;
  m.shop_stock(0, rice) = 100;
  m.state_offer(0, rice) = 300;
  m.orders(0, rice) = 200;
  clearMarkets(s, m);
  EXPECT_DOUBLE_EQ(m.sales(0, rice), 200);
  EXPECT_DOUBLE_EQ(m.shop_sales(0, rice), 50);
  EXPECT_DOUBLE_EQ(m.state_sales(0, rice), 150);
  EXPECT_DOUBLE_EQ(m.inventory(0, rice), 20'000);  // traders sold nothing
}

}  // namespace
}  // namespace grainsim
