#include "runs/output/TableFile.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "runs/output/OutputFile.hpp"
#include "tests/TestSupport.hpp"
#include "tests/runs/output/Hdf5Attributes.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
using testing::textAttribute;

/// A backtest-like table: two forecasts with their dates, scores by forecast and method.
TableFileContents backtestLike() {
  TableFileContents c;
  c.kind = "backtest";
  c.title = "test table";
  c.summary = "two forecasts";
  c.dims = {{"forecast", {}, 2, "one forecast"}, {"method", {"model", "naive"}, 0, "method"}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  c.variables = {{"origin_date", {"forecast"}, {20000, 20007}, "days since 1970-01-01", "origin"},
                 {"target_date", {"forecast"}, {20014, 20021}, "days since 1970-01-01", "target"},
                 {"observed", {"forecast"}, {10, 11}, "KPW kg-1", "observed price"},
                 {"crps", {"forecast", "method"}, {0.1, 0.2, nan, 0.3}, "1", "score"},
                 {"error_sd", {"method"}, {0.5, 0.6}, "1", "not over forecasts"}};
  c.strings = {{"city", "forecast", "city", {"Pyongyang", "Hyesan"}}};
  return c;
}

class TableFileTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(TableFileTest, DatesOverADimensionAreItsCoordinates) {
  const fs::path path = dir_.path() / "bt.h5";
  writeTableFile(path, backtestLike(), "grainsim backtest --test", false);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  // Every variable over forecast names both dates; each date names the other, not itself.
  EXPECT_EQ(textAttribute(file, "observed", "coordinates"), "origin_date target_date");
  EXPECT_EQ(textAttribute(file, "crps", "coordinates"), "method_name origin_date target_date");
  EXPECT_EQ(textAttribute(file, "origin_date", "coordinates"), "target_date");
  EXPECT_EQ(textAttribute(file, "target_date", "coordinates"), "origin_date");
  EXPECT_EQ(textAttribute(file, "error_sd", "coordinates"), "method_name");
  EXPECT_EQ(textAttribute(file, "/", "grainsim_file_kind"), "backtest");
  EXPECT_EQ(textAttribute(file, "/", "command_line"), "grainsim backtest --test");
  H5Fclose(file);
}

TEST_F(TableFileTest, ValuesThatDoNotFillTheirDimensionsAreRefusedAndNothingIsWritten) {
  TableFileContents c = backtestLike();
  c.variables.back().values.pop_back();  // error_sd: one value for two methods
  const fs::path path = dir_.path() / "bt.h5";
  EXPECT_THROW(writeTableFile(path, c, "", false), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(TableFileTest, AnExistingFileIsKeptWithoutOverwrite) {
  const fs::path path = dir_.path() / "bt.h5";
  std::ofstream(path) << "precious";
  EXPECT_THROW(writeTableFile(path, backtestLike(), "", false), OutputError);
  EXPECT_EQ(fs::file_size(path), 8u);
  writeTableFile(path, backtestLike(), "", true);
  EXPECT_GT(fs::file_size(path), 8u);
}

}  // namespace
}  // namespace grainsim
