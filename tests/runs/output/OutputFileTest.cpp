#include "runs/output/OutputFile.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "tests/TestSupport.hpp"
#include "tests/runs/output/Hdf5Attributes.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
using testing::addressOf;
using testing::textAttribute;

/// 5 days, 2 regions, 3 commodities, 2 tiers, kQuintiles quintiles; values are built for every
/// variable of outputTable() from its dims, so new variables are covered; every value distinct,
/// one NaN.
RunOutput syntheticOutput() {
  RunOutput out;
  out.start_date = "2016-03-01";
  out.days = 5;
  out.regions = {"North Hamgyong", "Ryanggang"};
  out.commodities = {"rice", "maize", "wheat flour"};
  out.tiers = {"core", "basic"};
  const auto table = outputTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    std::size_t n = 1;
    for (int k = 0; k < table[i].rank; ++k) n *= out.dimSize(table[i].dims[k]);
    std::vector<double> v(n);
    for (std::size_t j = 0; j < n; ++j) v[j] = 1000.0 * static_cast<double>(i) + j / 7.0;
    out.values.push_back(v);
  }
  out.values[outputIndex("price")][4] = std::numeric_limits<double>::quiet_NaN();
  return out;
}

Provenance syntheticProvenance() {
  Provenance p;
  p.scenario_name = "test";
  p.scenario_text = "[run]\ndays = 5\n";
  p.seed = 4242;
  p.replicate = 3;
  p.version = "0.1.0+test";
  p.command_line = "grainsim run test.toml";
  return p;
}

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

class OutputFileTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(OutputFileTest, RoundTripIsExact) {
  const RunOutput out = syntheticOutput();
  const fs::path path = dir_.path() / "run.nc";
  writeOutputFile(path, out, syntheticProvenance(), false);

  const RunOutput back = readOutputFile(path);
  EXPECT_EQ(back.start_date, out.start_date);
  EXPECT_EQ(back.days, out.days);
  EXPECT_EQ(back.regions, out.regions);
  EXPECT_EQ(back.commodities, out.commodities);
  EXPECT_EQ(back.tiers, out.tiers);
  ASSERT_EQ(back.values.size(), out.values.size());
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    ASSERT_EQ(back.values[i].size(), out.values[i].size()) << outputTable()[i].name;
    for (std::size_t j = 0; j < out.values[i].size(); ++j)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(back.values[i][j]),
                std::bit_cast<std::uint64_t>(out.values[i][j]))
          << outputTable()[i].name << "[" << j << "]";
  }
  EXPECT_TRUE(std::isnan(back.values[outputIndex("price")][4]));
}

TEST_F(OutputFileTest, SyntheticOutputCoversQuintileVariables) {
  const RunOutput out = syntheticOutput();
  ASSERT_EQ(out.dimSize(Dim::quintile), static_cast<std::size_t>(kQuintiles));
  for (const char* name : {"consumption_per_person_by_quintile", "food_insecure_share_by_quintile"})
    EXPECT_EQ(out.values[outputIndex(name)].size(),
              static_cast<std::size_t>(out.days) * out.regions.size() * kQuintiles)
        << name;
  EXPECT_EQ(out.values[outputIndex("aid_diverted_share")].size(),
            static_cast<std::size_t>(out.days));
}

TEST_F(OutputFileTest, QuintileCoordinateIsOneToFiveAndAttached) {
  const fs::path path = dir_.path() / "run.nc";
  writeOutputFile(path, syntheticOutput(), syntheticProvenance(), false);

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t quintile = H5Dopen2(file, "quintile", H5P_DEFAULT);
  ASSERT_GE(quintile, 0);
  EXPECT_GT(H5DSis_scale(quintile), 0);

  const hid_t type = H5Dget_type(quintile);
  ASSERT_GE(type, 0);
  EXPECT_GT(H5Tequal(type, H5T_STD_I32LE), 0);
  H5Tclose(type);

  const hid_t space = H5Dget_space(quintile);
  ASSERT_GE(space, 0);
  ASSERT_EQ(H5Sget_simple_extent_ndims(space), 1);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  H5Sclose(space);
  ASSERT_EQ(n, static_cast<hsize_t>(kQuintiles));

  std::vector<std::int32_t> numbers(n);
  EXPECT_GE(H5Dread(quintile, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()), 0);
  EXPECT_EQ(numbers, (std::vector<std::int32_t>{1, 2, 3, 4, 5}));

  for (const char* name :
       {"consumption_per_person_by_quintile", "food_insecure_share_by_quintile"}) {
    const hid_t var = H5Dopen2(file, name, H5P_DEFAULT);
    ASSERT_GE(var, 0) << name;
    EXPECT_GT(H5DSis_attached(var, quintile, 2), 0) << name;
    H5Dclose(var);
  }
  H5Dclose(quintile);
  H5Fclose(file);
}

TEST_F(OutputFileTest, LayoutEveryClientReads) {
  RunOutput out = syntheticOutput();
  out.latitudes = {41.8, 41.4};
  out.longitudes = {129.8, 128.2};
  const fs::path path = dir_.path() / "run.nc";
  writeOutputFile(path, out, syntheticProvenance(), false);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);

  // A labelled dimension is the index 0..n-1; its names are a string variable beside it.
  const hid_t region = H5Dopen2(file, "region", H5P_DEFAULT);
  std::vector<std::int32_t> index(2, -1);
  H5Dread(region, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, index.data());
  EXPECT_EQ(index, (std::vector<std::int32_t>{0, 1}));
  EXPECT_GT(H5DSis_scale(region), 0);
  H5Dclose(region);
  EXPECT_EQ(readOutputFile(path).regions, out.regions);  // read back from region_name
  EXPECT_EQ(textAttribute(file, "region_name", "cf_role"), "timeseries_id");
  const hid_t lat = H5Dopen2(file, "lat", H5P_DEFAULT);
  std::vector<double> degrees(2);
  H5Dread(lat, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, degrees.data());
  EXPECT_EQ(degrees, out.latitudes);
  H5Dclose(lat);
  EXPECT_EQ(textAttribute(file, "lon", "units"), "degrees_east");

  // Variables: what CF readers look for.
  EXPECT_EQ(textAttribute(file, "price", "coordinates"), "region_name commodity_name");
  EXPECT_EQ(textAttribute(file, "sales", "cell_methods"), "time: mean");  // kg/day
  EXPECT_EQ(textAttribute(file, "market_stock", "cell_methods"), "time: point");
  EXPECT_EQ(textAttribute(file, "temperature", "standard_name"), "air_temperature");
  double fill = 0;
  const hid_t attr = H5Aopen_by_name(file, "price", "_FillValue", H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(attr, 0);
  H5Aread(attr, H5T_NATIVE_DOUBLE, &fill);
  H5Aclose(attr);
  EXPECT_TRUE(std::isnan(fill));

  // The same provenance names as every other kind.
  for (const char* name : {"title", "summary", "institution", "date_created", "license",
                           "grainsim_version", "command_line"})
    EXPECT_FALSE(textAttribute(file, "/", name).empty()) << name;
  EXPECT_EQ(textAttribute(file, "/", "Conventions"), "CF-1.10, ACDD-1.3");
  EXPECT_EQ(textAttribute(file, "/", "grainsim_file_kind"), "run");
  EXPECT_EQ(textAttribute(file, "/", "time_coverage_start"), "2016-03-01");
  EXPECT_EQ(textAttribute(file, "/", "time_coverage_end"), "2016-03-05");
  EXPECT_EQ(textAttribute(file, "/", "featureType"), "timeSeries");

  // Tidy groups: links to the root's variables and coordinates, not copies.
  const std::string groups = textAttribute(file, "/", "tidy_groups");
  for (const char* group : {"time_region_commodity", "time_region", "time", "time_tier",
                            "time_region_quintile", "time_commodity"})
    EXPECT_NE(groups.find(group), std::string::npos) << groups;
  EXPECT_EQ(addressOf(file, "time_region_commodity/price"), addressOf(file, "price"));
  EXPECT_EQ(addressOf(file, "time_region_commodity/region_name"), addressOf(file, "region_name"));
  EXPECT_EQ(addressOf(file, "time_region/lat"), addressOf(file, "lat"));
  EXPECT_EQ(addressOf(file, "time_region_commodity/kcal_need"), HADDR_UNDEF);  // (time, region)
  EXPECT_EQ(addressOf(file, "time_region/kcal_need"), addressOf(file, "kcal_need"));
  H5Fclose(file);
}

TEST_F(OutputFileTest, ExistingFileIsKeptWithoutOverwrite) {
  const fs::path path = dir_.path() / "run.nc";
  std::ofstream(path, std::ios::binary) << "precious bytes";

  EXPECT_THROW(checkOutputPath(path, false), OutputError);
  EXPECT_THROW(writeOutputFile(path, syntheticOutput(), syntheticProvenance(), false), OutputError);
  EXPECT_EQ(readBytes(path), "precious bytes");
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"run.nc"});

  writeOutputFile(path, syntheticOutput(), syntheticProvenance(), true);
  EXPECT_NE(readBytes(path), "precious bytes");
  EXPECT_EQ(readOutputFile(path).regions, syntheticOutput().regions);
}

TEST_F(OutputFileTest, MissingDirectoryIsNamedAndNothingIsCreated) {
  const fs::path missing = dir_.path() / "no-such-dir";
  const fs::path path = missing / "run.nc";
  try {
    writeOutputFile(path, syntheticOutput(), syntheticProvenance(), false);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
  EXPECT_THROW(checkOutputPath(path, true), OutputError);
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_TRUE(listDir(dir_.path()).empty());
}

TEST_F(OutputFileTest, NoTemporaryFileIsLeft) {
  const fs::path path = dir_.path() / "run.nc";
  writeOutputFile(path, syntheticOutput(), syntheticProvenance(), false);
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"run.nc"});
}

TEST_F(OutputFileTest, FailedWriteLeavesNothingAndKeepsExistingFile) {
  const fs::path path = dir_.path() / "run.nc";
  RunOutput bad = syntheticOutput();
  bad.values[0].pop_back();  // wrong size: the writer must refuse

  EXPECT_THROW(writeOutputFile(path, bad, syntheticProvenance(), false), OutputError);
  EXPECT_TRUE(listDir(dir_.path()).empty());

  std::ofstream(path, std::ios::binary) << "precious bytes";
  EXPECT_THROW(writeOutputFile(path, bad, syntheticProvenance(), true), OutputError);
  EXPECT_EQ(readBytes(path), "precious bytes");
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"run.nc"});
}

TEST_F(OutputFileTest, LargeScenarioAttributeRoundTrips) {
  Provenance prov = syntheticProvenance();
  for (int i = 0; prov.scenario_text.size() < 100'000; ++i)
    prov.scenario_text += "line " + std::to_string(i) + " = \"temperature in °C\"\n";
  const fs::path path = dir_.path() / "run.nc";
  writeOutputFile(path, syntheticOutput(), prov, false);

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t attr = H5Aopen(file, "scenario", H5P_DEFAULT);
  ASSERT_GE(attr, 0);
  const hid_t type = H5Aget_type(attr);
  ASSERT_GE(type, 0);
  EXPECT_EQ(H5Tget_class(type), H5T_STRING);
  EXPECT_EQ(H5Tis_variable_str(type), 0);
  std::string text(H5Tget_size(type), '\0');
  EXPECT_GE(H5Aread(attr, type, text.data()), 0);
  H5Tclose(type);
  H5Aclose(attr);
  H5Fclose(file);
  EXPECT_EQ(text, prov.scenario_text);
}

}  // namespace
}  // namespace grainsim
