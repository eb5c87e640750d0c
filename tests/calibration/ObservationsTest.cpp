/// \brief Observed prices: which rows of prices.csv are kept, how cities map to regions, the
/// start-price tables built from them, and the --grade-weights option.
#include "calibration/Observations.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/ScenarioError.hpp"
#include "model/ScenarioLoader.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::TempDir;

Date ymd(int y, int m, int d) {
  return Date::fromYmd(y, m, d);
}

/// The embedded default: regions Pyongyang, ..., Ryanggang; commodities rice, maize, flour and
/// wheat (not retail).
const Scenario& scenario() {
  static const Scenario s = loadScenario(std::nullopt);
  return s;
}

const std::string kCityRegions =
    "city,region,note\n"
    "Pyongyang,Pyongyang,capital\n"
    "Hyesan,Ryanggang,\n"
    "Samjiyon,Ryanggang,\n"
    "Sinuiju,North Pyongan,\n"
    "national (unspecified),,not mapped to a region\n";

/// One prices.csv row with the columns of calibration/data/prices.csv.
std::string row(const std::string& date, const std::string& city, const std::string& commodity,
                const std::string& price, const std::string& type = "market",
                const std::string& grade = "A") {
  return date + "," + city + "," + commodity + "," + price + ",Some outlet," + type + "," + grade +
         ",https://example.org,\n";
}

/// Reads `rows` as prices.csv with kCityRegions (or `city_regions`) in a fresh directory.
std::vector<PriceObservation> readPrices(const std::string& rows,
                                         const ObservationFilter& filter = {},
                                         const std::string& city_regions = kCityRegions) {
  const TempDir dir;
  const auto prices = dir.write("prices.csv",
                                "date,city,commodity,price_kpw_per_kg,source_outlet,price_type,"
                                "reliability,source_url,note\n" +
                                    rows);
  return readObservations(prices, dir.write("city_regions.csv", city_regions), scenario(), filter);
}

PriceObservation obs(Date date, const std::string& region, const std::string& commodity,
                     double kpw_per_kg, const std::string& city = "") {
  PriceObservation o;
  o.date = date;
  o.city = city;
  o.region = scenario().regionIndex(region);
  o.commodity = scenario().commodityIndex(commodity);
  o.kpw_per_kg = kpw_per_kg;
  return o;
}

TEST(ReadObservationsTest, MapsCitiesToRegionIndices) {
  const auto o = readPrices(row("2023-01-10", "Pyongyang", "rice", "5000") +
                            row("2023-01-10", "Hyesan", "maize", "2000") +
                            row("2023-01-10", "Sinuiju", "flour", "4000"));
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].city, "Hyesan");  // sorted by city within the day
  EXPECT_EQ(o[0].region, 9);       // Ryanggang
  EXPECT_EQ(o[0].commodity, 1);    // maize
  EXPECT_EQ(o[0].kpw_per_kg, 2000);
  EXPECT_EQ(o[0].date, ymd(2023, 1, 10));
  EXPECT_EQ(o[1].city, "Pyongyang");
  EXPECT_EQ(o[1].region, 0);
  EXPECT_EQ(o[1].commodity, 0);  // rice
  EXPECT_EQ(o[2].city, "Sinuiju");
  EXPECT_EQ(o[2].region, 2);     // North Pyongan
  EXPECT_EQ(o[2].commodity, 2);  // flour
}

TEST(ReadObservationsTest, SkipsPricesThatAreNotMarketPrices) {
  const auto o = readPrices(row("2023-01-10", "Pyongyang", "rice", "5000", "state") +
                            row("2023-01-11", "Pyongyang", "rice", "5100", "market"));
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].kpw_per_kg, 5100);
}

TEST(ReadObservationsTest, SkipsGradesNotInTheFilter) {
  const std::string rows = row("2023-01-10", "Pyongyang", "rice", "5000", "market", "A") +
                           row("2023-01-11", "Pyongyang", "rice", "5100", "market", "C");
  EXPECT_EQ(readPrices(rows).size(), 1u);  // default filter: A and B

  ObservationFilter only_c;
  only_c.grade_weights = {{'C', 2.0}};
  const auto o = readPrices(rows, only_c);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].grade, 'C');
  EXPECT_EQ(o[0].weight, 2.0);
}

TEST(ReadObservationsTest, WeightsComeFromGrades) {
  const auto o = readPrices(row("2023-01-10", "Pyongyang", "rice", "5000", "market", "A") +
                            row("2023-01-11", "Pyongyang", "rice", "5100", "market", "B"));
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].weight, 1.0);
  EXPECT_EQ(o[1].weight, 0.5);
}

TEST(ReadObservationsTest, KeepsOnlyDatesWithinFirstAndLastInclusive) {
  ObservationFilter january;
  january.first = ymd(2023, 1, 10);
  january.last = ymd(2023, 1, 20);
  const auto o = readPrices(
      row("2023-01-09", "Pyongyang", "rice", "1") + row("2023-01-10", "Pyongyang", "rice", "2") +
          row("2023-01-20", "Pyongyang", "rice", "3") + row("2023-01-21", "Pyongyang", "rice", "4"),
      january);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].kpw_per_kg, 2);
  EXPECT_EQ(o[1].kpw_per_kg, 3);
}

TEST(ReadObservationsTest, SkipsCitiesWithoutARegion) {
  const auto o = readPrices(row("2023-01-10", "national (unspecified)", "rice", "5000") +
                            row("2023-01-10", "Pyongyang", "rice", "5100"));
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].city, "Pyongyang");
}

TEST(ReadObservationsTest, SkipsCommoditiesThatAreNotRetailScenarioCommodities) {
  const auto o = readPrices(row("2023-01-10", "Pyongyang", "wheat_flour", "4500") +  // no such
                            row("2023-01-10", "Pyongyang", "wheat", "3000") +        // not retail
                            row("2023-01-10", "Pyongyang", "maize", "2000"));
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].commodity, 1);  // maize
}

TEST(ReadObservationsTest, SortsByDateThenCity) {
  const auto o = readPrices(row("2023-03-01", "Pyongyang", "rice", "3") +
                            row("2023-01-01", "Sinuiju", "rice", "2") +
                            row("2023-01-01", "Hyesan", "rice", "1"));
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].kpw_per_kg, 1);
  EXPECT_EQ(o[1].kpw_per_kg, 2);
  EXPECT_EQ(o[2].kpw_per_kg, 3);
}

TEST(ReadObservationsTest, CityMissingFromCityRegionsThrowsNamingFileAndCity) {
  const TempDir dir;
  const auto prices = dir.write("prices.csv",
                                "date,city,commodity,price_kpw_per_kg,source_outlet,price_type,"
                                "reliability,source_url,note\n" +
                                    row("2023-01-10", "Kaesong", "rice", "5000"));
  const auto cities = dir.write("city_regions.csv", kCityRegions);
  const std::string message =
      testing::errorOf([&] { readObservations(prices, cities, scenario(), {}); });
  testing::expectContainsAll(message, {prices.string(), "Kaesong"});
}

TEST(ReadObservationsTest, UnknownRegionInCityRegionsThrowsNamingIt) {
  const std::string message = testing::errorOf([] {
    readPrices(row("2023-01-10", "Pyongyang", "rice", "5000"), {},
               kCityRegions + "Kaesong,South Kaesong,\n");
  });
  testing::expectContainsAll(message, {"city_regions.csv", "South Kaesong"});
}

/// 100 KPW/USD before 25 January 2023, 200 from then on.
double steppedFx(Date d) {
  return d < ymd(2023, 1, 25) ? 100 : 200;
}

TEST(NowcastStartPricesCsvTest, TakesTheLatestDayOnOrBeforeTheOriginAveragedOverCities) {
  const std::vector<PriceObservation> o = {
      obs(ymd(2023, 1, 26), "Ryanggang", "rice", 1000, "Hyesan"),  // older
      obs(ymd(2023, 2, 1), "Ryanggang", "rice", 5000, "Hyesan"),   // the origin itself
      obs(ymd(2023, 2, 1), "Ryanggang", "rice", 6000, "Samjiyon")};
  EXPECT_EQ(nowcastStartPricesCsv(o, scenario(), ymd(2023, 2, 1), steppedFx, 62),
            "date,region,commodity,kpw_per_kg\n"
            "2023-02-01,Ryanggang,rice,5500\n");
}

TEST(NowcastStartPricesCsvTest, CarriesAStalePriceByTheExchangeRate) {
  // Observed at 100 KPW/USD, carried to an origin at 200: doubled, and dated the origin.
  const std::vector<PriceObservation> o = {obs(ymd(2023, 1, 10), "Pyongyang", "rice", 7000)};
  EXPECT_EQ(nowcastStartPricesCsv(o, scenario(), ymd(2023, 2, 1), steppedFx, 62),
            "date,region,commodity,kpw_per_kg\n"
            "2023-02-01,Pyongyang,rice,14000\n");
}

TEST(NowcastStartPricesCsvTest, LeavesOutPricesOlderThanTheMaximumAge) {
  // 22 days old: carried with a limit of 22 days, left out with 21.
  const std::vector<PriceObservation> o = {obs(ymd(2023, 1, 10), "Pyongyang", "rice", 7000)};
  EXPECT_EQ(nowcastStartPricesCsv(o, scenario(), ymd(2023, 2, 1), steppedFx, 22),
            "date,region,commodity,kpw_per_kg\n"
            "2023-02-01,Pyongyang,rice,14000\n");
  EXPECT_EQ(nowcastStartPricesCsv(o, scenario(), ymd(2023, 2, 1), steppedFx, 21),
            "date,region,commodity,kpw_per_kg\n");
}

TEST(NowcastStartPricesCsvTest, IgnoresObservationsAfterTheOrigin) {
  const std::vector<PriceObservation> o = {obs(ymd(2023, 1, 30), "Pyongyang", "rice", 7000),
                                           obs(ymd(2023, 2, 2), "Pyongyang", "rice", 99999),
                                           obs(ymd(2023, 2, 2), "Pyongyang", "maize", 99999)};
  EXPECT_EQ(nowcastStartPricesCsv(o, scenario(), ymd(2023, 2, 1), steppedFx, 62),
            "date,region,commodity,kpw_per_kg\n"
            "2023-02-01,Pyongyang,rice,7000\n");
}

TEST(ParseGradeWeightsTest, ParsesGradesAndWeights) {
  const std::map<char, double> expected = {{'A', 1.0}, {'B', 0.5}};
  EXPECT_EQ(parseGradeWeights("--grade-weights", "A=1,B=0.5"), expected);
}

TEST(ParseGradeWeightsTest, RejectsMalformedTextNamingTheOption) {
  for (const std::string text : {"A", "AB=1", "A=0", "A=-1", "a=1", ""}) {
    try {
      parseGradeWeights("--grade-weights", text);
      ADD_FAILURE() << "'" << text << "' was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("--grade-weights"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace grainsim
