/// \brief Provincial markets: traders' inventory, posted prices, expectations, state shops.
#pragma once

#include <Eigen/Dense>

#include "model/Scenario.hpp"

namespace grainsim {

/// One market per region trading every commodity; arrays are (region x commodity).
/// Prices of commodities not sold at retail stay NaN.
struct Markets {
  Eigen::ArrayXXd price;          ///< posted trader price, KPW/kg
  Eigen::ArrayXXd expected;       ///< traders' expected price, KPW/kg
  Eigen::ArrayXXd inventory;      ///< traders' stock, kg
  Eigen::ArrayXXd harvest;        ///< domestic stock not yet sold to traders, kg
  Eigen::ArrayXXd harvest_daily;  ///< kg of it released to traders a day
  Eigen::ArrayXXd shop_stock;     ///< state grain shops' stock, kg
  Eigen::ArrayXd displaced;       ///< by commodity: planned imports still to be cut for aid, kg
  // Today's flows (reset each day).
  Eigen::ArrayXXd offer, shop_offer, orders, sales, shop_sales, fill, net_inflow;
};

/// Initial prices from USD parity; inventories of `market.target_cover_days` of the first day's
/// inflow, spread by population.
Markets createMarkets(const Scenario& s, double kpw_per_usd);

/// Domestic supply (harvest stock drawn down) and commercial imports into traders' stock;
/// imports are cut while aid displaces them (Markets::displaced). Returns imports by
/// commodity (kg), which enter the national ledger.
Eigen::ArrayXd supplyMarkets(const Scenario& s, Markets& m);

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

/// Phase 7: fill orders (shops first), move stock, and update prices from excess demand
/// and inventory cover. `orders` must already hold the households' orders.
void clearMarkets(const Scenario& s, Markets& m);

/// An exchange-rate change (ratio new / old) passes into KPW prices and expectations the same
/// day: fully for import-parity commodities, by exchange.domestic_passthrough for the others;
/// markets carry the rest over the following days (incomes follow the dollar).
void repriceForExchangeRate(const Scenario& s, Markets& m, double ratio);

}  // namespace grainsim
