/// \brief Sensitivity of a sweep file: a linear model written as a sobol sweep gives its exact
/// indices back through the file, replicates averaged; constant cells and wrong files.
#include "runs/sweep/Sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "runs/output/OutputFile.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

/// A sweep file of y = x1 + 2 x2 + 0 x3 (x uniform on [0, 1]) in region "A" and a constant in
/// region "B", two replicates that differ by +-0.25 around y: S1 = ST = (0.2, 0.8, 0).
fs::path linearSweep(const fs::path& dir, const std::string& design, Shard shard = {}) {
  const std::size_t n = 1024, k = 3;
  const UnitDesign unit = makeDesign(DesignKind::sobol, n, k, 7);
  SweepLayout l;
  l.fingerprint = "test";
  l.shard = shard;
  l.total_points = static_cast<std::uint32_t>(unit.points());
  l.design = design;
  l.samples = n;
  l.replicates = 2;
  l.parameter_names = {"x1", "x2", "x3"};
  l.parameter_ranges = {"0:1", "0:1", "0:1"};
  l.parameter_scales = {"linear", "linear", "linear"};
  l.parameter_units = {"1", "1", "1"};
  l.coordinates.start_date = "2027-01-01";
  l.coordinates.days = 1;
  l.coordinates.regions = {"A", "B"};
  l.coordinates.commodities = {"flour"};
  l.coordinates.tiers = {"army"};
  l.variables = {{"y", "y@2027-01-01", "1", "linear test model", {Dim::region}}};
  for (std::uint32_t p = 0; p < l.total_points; ++p) {
    if (!shard.holds(p)) continue;
    l.points.push_back(p);
    for (std::size_t i = 0; i < k; ++i) {
      l.unit_values.push_back(unit.at(p, i));
      l.design_values.push_back(unit.at(p, i));
    }
  }
  const fs::path path = dir / (design + ".h5");
  SweepWriter writer(path, false, l);
  for (std::size_t row = 0; row < l.points.size(); ++row) {
    const std::uint32_t p = l.points[row];
    const double y = unit.at(p, 0) + 2 * unit.at(p, 1);
    writer.writeRow(row, {p, "", {y + 0.25, 5.0, y - 0.25, 5.0}});  // replicate x region
  }
  writer.finish();
  return path;
}

TEST(Sensitivity, ALinearModelGetsItsExactIndicesBackThroughTheFile) {
  testing::TempDir dir;
  const SensitivityReport report = analyseSweep(linearSweep(dir.path(), "sobol"), {200, 0.9, 1});
  ASSERT_EQ(report.outputs.size(), 1u);
  const SobolIndices& a = report.outputs[0].cells[0];
  const double exact[] = {0.2, 0.8, 0.0};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(a.first[i], exact[i], 0.01) << "S1 of x" << i + 1;
    EXPECT_NEAR(a.total[i], exact[i], 0.01) << "ST of x" << i + 1;
    EXPECT_LE(a.total_low[i], a.total[i]);
    EXPECT_GE(a.total_high[i], a.total[i]);
  }
  EXPECT_EQ(a.total[2], 0.0) << "x3 never changes y, so f(A) - f(AB_3) is exactly 0";
  EXPECT_EQ(a.rows_used, 1024u);
  const SobolIndices& b = report.outputs[0].cells[1];
  EXPECT_TRUE(std::isnan(b.first[0])) << "a constant output has no indices";

  const fs::path out = dir.path() / "indices.h5";
  writeSensitivityFile(report, out, false, "test");
  EXPECT_TRUE(fs::exists(out));
  EXPECT_THROW(writeSensitivityFile(report, out, false, "test"), OutputError);
}

TEST(Sensitivity, RefusesOtherDesignsAndSingleShards) {
  testing::TempDir dir;
  try {
    analyseSweep(linearSweep(dir.path(), "lhs"), {});
    ADD_FAILURE() << "an lhs sweep was analysed";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("--design sobol"), std::string::npos) << e.what();
  }
  try {
    fs::create_directories(dir.path() / "shard");
    analyseSweep(linearSweep(dir.path() / "shard", "sobol", Shard{0, 2}), {});
    ADD_FAILURE() << "a shard was analysed";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("grainsim merge"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace grainsim
