#include "runs/validate/SmallEconomy.hpp"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "model/ScenarioLoader.hpp"

namespace grainsim {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string pattern = (fs::temp_directory_path() / "grainsim-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a temporary directory from " + pattern);
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path ScratchDir::write(const std::string& name, const std::string& text) const {
  std::ofstream(path_ / name, std::ios::binary) << text;
  return path_ / name;
}

namespace {

void writeFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string number(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

}  // namespace

Scenario loadSmallEconomy(const fs::path& dir, double imports_t_per_day,
                          const std::string& region_rows, std::vector<std::string> extra,
                          const std::string& import_region) {
  writeFile(dir / "commodities.csv",
            "commodity,kcal_per_kg,start_kcal_share,initial_price_usd_per_kg,milled_into,retail\n"
            "grain,3600,1,0.2,,1\n");
  writeFile(dir / "regions.csv",
            "region,census_population,urban_share,latitude,longitude,temp_annual_mean_c,"
            "temp_amplitude_c,grain_production_share,income_multiplier\n" +
                region_rows);
  writeFile(dir / "harvests.csv",
            "crop,commodity,harvest_start,harvest_end,tonnes,own_share,state_share,market_share\n");
  writeFile(dir / "imports.csv",
            "import,commodity,region,first_date,last_date,t_per_day\nsupply,grain," +
                import_region + ",2000-01-01,2099-12-31," + number(imports_t_per_day) + "\n");
  writeFile(dir / "pds.csv",
            "ration,region,group,commodity,first_date,last_date,grams_per_person_day\n");
  writeFile(dir / "state_shops.csv",
            "sale,region,commodity,first_date,last_date,t_per_day,price_vs_market\n");
  writeFile(dir / "tiers.csv",
            "tier,rank,members,ration_kg_per_member_month,reserve_days,resale_propensity,"
            "concentration_region,concentration_share\n");
  writeFile(dir / "entry_points.csv", "entry_point,region,handling_t_per_day\n");
  writeFile(dir / "routes.csv", "route,entry_point,capacity_t_per_day,transit_days,loss_share\n");
  writeFile(dir / "shipments.csv", "shipment,phase,arrival_date,entry_point,commodity,tonnes\n");

  double population = 0;
  std::istringstream rows(region_rows);
  for (std::string row; std::getline(rows, row);)
    if (!row.empty()) population += std::stod(row.substr(row.find(',') + 1));
  const std::string first_region = region_rows.substr(0, region_rows.find(','));
  const std::string income = number(kSmallEconomyIncomeUsd);
  writeFile(dir / "economy.ini",
            "[run]\nstart_date = 2026-12-01\nend_date = 2027-11-30\nspinup_days = 0\n"
            "[tables]\ncommodities = commodities.csv\nregions = regions.csv\ntiers = tiers.csv\n"
            "entry_points = entry_points.csv\nroutes = routes.csv\nshipments = shipments.csv\n"
            "harvests = harvests.csv\nimports = imports.csv\npds = pds.csv\n"
            "state_shops = state_shops.csv\n"
            "[population]\nmilitary_in_camps = 0\ntotal = " +
                number(population) +
                "\n[income]\nlog_sd = 0\ndaily_shock_sd = 0\nmedian_usd_urban = " + income +
                "\nmedian_usd_rural = " + income +
                "\nfood_share = " + number(kSmallEconomyFoodShare) +
                "\ncoping_share = 0\nkpw_fixed_share = 0\n[need]\nrequirement_spread = 0\n"
                "[stockpile]\nregion = " +
                first_region + "\n");
  return loadScenario(dir / "economy.ini", extra);
}

}  // namespace grainsim
