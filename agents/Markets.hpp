/// \brief Provincial markets: traders' inventory, posted prices, expectations, state shops.
#pragma once

#include <Eigen/Dense>

#include "model/Scenario.hpp"

namespace grainsim {

/// A market filling less than this share of its orders is rationing its buyers.
inline constexpr double kRationedFill = 0.95;

/// One market per region trading every commodity; arrays are (region x commodity).
/// Prices of commodities not sold at retail stay NaN.
struct Markets {
  Eigen::ArrayXXd price;        ///< posted trader price, KPW/kg
  Eigen::ArrayXXd expected;     ///< traders' expected price, KPW/kg
  Eigen::ArrayXXd start_price;  ///< price on the start date, KPW/kg: observed or USD parity
  Eigen::ArrayXXd inventory;    ///< traders' stock, kg
  Eigen::ArrayXXd shop_stock;   ///< aid in state grain shops, kg
  Eigen::ArrayXd displaced;     ///< by commodity: planned imports still to be cut for aid, kg
  // Today's flows (reset each day). Shops: aid shops (shop_*) and the state's own (state_*).
  Eigen::ArrayXXd offer, shop_offer, state_offer, orders, sales, shop_sales, state_sales, fill,
      net_inflow;
  Eigen::ArrayXXd state_price_factor;  ///< state shops' price over the trader price
};

/// Start prices: the scenario's observed ones (a region without one takes the nearest observed
/// region's price plus transport cost), else USD parity at `kpw_per_usd`. Inventories of
/// `market.target_cover_days` of the first day's national supply (farm sales and imports),
/// spread by population (initialState then sets them from the first day's orders).
Markets createMarkets(const Scenario& s, double kpw_per_usd);

/// Traders buy what farm stores sell (`from_farms`, region x commodity) and the commercial
/// imports of imports.csv active on `date` (cut while aid displaces them, Markets::displaced).
/// Returns imports by commodity (kg), which enter the national ledger.
Eigen::ArrayXd supplyMarkets(const Scenario& s, Date date, const Eigen::ArrayXXd& from_farms,
                             Markets& m);

/// Planned commercial imports on `date` by commodity, kg.
Eigen::ArrayXd plannedImports(const Scenario& s, Date date);

/// Until prices are free (the spin-up and the start day) posted prices and expectations are the
/// start prices, so a run starts on the observed prices without a jolt.
void holdStartPrices(Markets& m);

/// Aid handed out of the stockpile displaces aid.displacement_share of its weight of planned
/// imports of the same commodity: the state cancels imports as it distributes aid, not when
/// the ships land (weeks earlier), so the aid never makes a market dearer.
void displaceImports(const Scenario& s, const Eigen::ArrayXd& released, Markets& m);

/// How far traders lower their expected price for an announced supply still to reach people:
/// min(0.5, outstanding / (national orders x announcement_horizon_days) / elasticity), by
/// commodity. `outstanding` is announced aid (in its milled form) not yet eaten or marketed.
Eigen::ArrayXd announcementDiscount(const Scenario& s, const Markets& m,
                                    const Eigen::ArrayXd& outstanding);

/// Phase 5 (after arbitrage): expectations update and the day's offers. Traders hold back
/// stock when they expect a rise, release it when they expect a fall; an announced shipment
/// lowers the expected price by `discount` (by commodity).
void setOffers(const Scenario& s, const Eigen::ArrayXd& discount, Markets& m);

/// Shop price paid by households: the shops' discount on the trader price.
double shopPrice(const Scenario& s, const Markets& m, int region, int commodity);

/// Phase 7: fill orders (shops first: aid shops and state shops pro rata), move stock, and update
/// prices from excess demand and inventory cover; a market whose buyers are rationed (fill rate
/// below kRationedFill) does not cut its price. `orders` must already hold the households' orders.
void clearMarkets(const Scenario& s, Markets& m);

/// An exchange-rate change (ratio new / old) passes into KPW prices and expectations the same
/// day: fully for import-parity commodities, by exchange.domestic_passthrough for the others;
/// markets carry the rest over the following days (incomes follow the dollar).
void repriceForExchangeRate(const Scenario& s, Markets& m, double ratio);

}  // namespace grainsim
