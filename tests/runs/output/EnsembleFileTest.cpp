/// \brief The ensemble file: layout and values read back, temporary-file handling, size checks,
/// and the Python readers (h5py, both xarray engines) on synthetic forecast and comparison files.
#include "runs/output/EnsembleFile.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "runs/output/OutputFile.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// 3 days, 2 regions, 2 commodities, 1 tier; values unset.
RunOutput coordinates() {
  RunOutput out;
  out.start_date = "2026-01-01";
  out.days = 3;
  out.regions = {"North Hamgyong", "Ryanggang"};
  out.commodities = {"rice", "maize"};
  out.tiers = {"core"};
  return out;
}

std::size_t sizeOf(const OutputSpec& spec, const RunOutput& out) {
  std::size_t n = 1;
  for (int k = 0; k < spec.rank; ++k) n *= out.dimSize(spec.dims[k]);
  return n;
}

std::size_t cellCount() {
  std::size_t n = 0;
  for (const OutputSpec& spec : outputTable()) n += sizeOf(spec, coordinates());
  return n;
}

/// Where variable `name` starts among the cells (RunOutput::flatValues() order).
std::size_t offsetOf(const std::string& name) {
  std::size_t offset = 0;
  for (std::size_t i = 0; i < outputIndex(name); ++i)
    offset += sizeOf(outputTable()[i], coordinates());
  return offset;
}

/// Replicate `r`'s trajectories: every value distinct and tagged with r.
RunOutput replicateOutput(std::uint32_t r) {
  RunOutput out = coordinates();
  for (std::size_t i = 0; i < outputTable().size(); ++i) {
    std::vector<double> v(sizeOf(outputTable()[i], out));
    for (std::size_t j = 0; j < v.size(); ++j)
      v[j] = 100.0 * r + 10.0 * static_cast<double>(i) + static_cast<double>(j) / 8.0;
    out.values.push_back(v);
  }
  return out;
}

const std::vector<double> kProbabilities = {0.1, 0.5, 0.9};
constexpr std::uint32_t kReplicates = 4;

EnsembleLayout layout(bool comparison, bool keep) {
  EnsembleLayout l;
  l.coordinates = coordinates();
  if (comparison) l.arms = {"policy", "baseline"};
  l.probabilities = kProbabilities;
  l.replicates = kReplicates;
  l.keep_replicates = keep;
  l.parameter_names = {"income.coping_share", "run.start_date"};
  l.parameter_priors = {"uniform(0.05, 0.2)", "uniform(2026-01-01, 2026-02-01)"};
  l.parameter_units = {"1", "days since 1970-01-01"};
  return l;
}

/// Known numbers: quantile q of cell c in arm a is 1e6 a + 1e3 q + c / 4, the mean 1e6 a + 500 +
/// c / 4; effects and relative effects are tagged with 7e6 and 8e6. Replicate 2 failed.
EnsembleSummary summary(bool comparison) {
  const std::size_t cells = cellCount(), nq = kProbabilities.size(), arms = comparison ? 2 : 1;
  EnsembleSummary s;
  for (std::size_t a = 0; a < arms; ++a) {
    std::vector<double> q(nq * cells), m(cells);
    for (std::size_t k = 0; k < nq; ++k)
      for (std::size_t c = 0; c < cells; ++c)
        q[k * cells + c] = 1e6 * static_cast<double>(a) + 1e3 * static_cast<double>(k) + c / 4.0;
    for (std::size_t c = 0; c < cells; ++c) m[c] = 1e6 * static_cast<double>(a) + 500 + c / 4.0;
    s.quantiles.push_back(q);
    s.means.push_back(m);
  }
  if (comparison) {
    for (std::size_t k = 0; k < nq; ++k)
      for (std::size_t c = 0; c < cells; ++c) {
        s.effect_quantiles.push_back(7e6 + 1e3 * static_cast<double>(k) + c / 4.0);
        s.relative_quantiles.push_back(8e6 + 1e3 * static_cast<double>(k) + c / 4.0);
      }
    for (std::size_t c = 0; c < cells; ++c) {
      s.effect_means.push_back(7e6 + 500 + c / 4.0);
      s.relative_means.push_back(8e6 + 500 + c / 4.0);
    }
  }
  for (std::size_t a = 0; a < arms; ++a)
    for (std::uint32_t r = 0; r < kReplicates; ++r)
      for (std::size_t p = 0; p < 2; ++p)
        s.parameter_values.push_back(r == 2 ? kNaN : 100.0 * static_cast<double>(a) + 10.0 * r + p);
  s.failed = {0, 0, 1, 0};
  s.quantile_method = "exact (type 7)";
  s.exact_limit = 1000;
  return s;
}

EnsembleProvenance provenance(bool comparison) {
  EnsembleProvenance p;
  p.title = comparison ? "grainsim compare" : "grainsim forecast";
  if (comparison) {
    p.scenario_names = {"aid", "no-aid"};
    p.scenario_texts = {"[run]\ndays = 3\n", "[run]\ndays = 3\n[aid]\nshipments = none\n"};
  } else {
    p.scenario_names = {"aid"};
    p.scenario_texts = {"[run]\ndays = 3\n"};
  }
  p.seed = 42;
  p.version = "0.1.0+test";
  p.command_line = comparison ? "grainsim compare --replicates 4" : "grainsim forecast -n 4";
  return p;
}

/// Writes a complete file; with keep, replicates 0, 1 and 3 of every arm (2 failed).
void writeEnsemble(const fs::path& path, bool comparison, bool keep) {
  EnsembleWriter writer(path, false, layout(comparison, keep));
  if (keep)
    for (std::size_t a = 0; a < (comparison ? 2u : 1u); ++a)
      for (std::uint32_t r : {0u, 1u, 3u}) writer.writeReplicate(a, r, replicateOutput(r + 10 * a));
  writer.finish(summary(comparison), provenance(comparison));
}

std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

/// Value of a fixed-length string attribute of the root group, or "" if absent.
std::string rootText(const fs::path& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return "";
  std::string text;
  if (H5Aexists(file, name.c_str()) > 0) {
    const hid_t attr = H5Aopen(file, name.c_str(), H5P_DEFAULT);
    const hid_t type = H5Aget_type(attr);
    text.assign(H5Tget_size(type), '\0');
    H5Aread(attr, type, text.data());
    text.erase(text.find_last_not_of('\0') + 1);
    H5Tclose(type);
    H5Aclose(attr);
  }
  H5Fclose(file);
  return text;
}

std::uint32_t rootUInt(const fs::path& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::uint32_t value = 999;
  if (file >= 0 && H5Aexists(file, name.c_str()) > 0) {
    const hid_t attr = H5Aopen(file, name.c_str(), H5P_DEFAULT);
    H5Aread(attr, H5T_NATIVE_UINT32, &value);
    H5Aclose(attr);
  }
  if (file >= 0) H5Fclose(file);
  return value;
}

class EnsembleFileTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(EnsembleFileTest, ForecastValuesReadBack) {
  const fs::path path = dir_.path() / "forecast.nc";
  writeEnsemble(path, false, true);
  const std::size_t cells = cellCount(), price = offsetOf("price");
  const EnsembleSummary s = summary(false);

  // Time first: (time, quantile, region, commodity). Cell j of a day's 2 x 2 map on day t is
  // j = 4 t + rest in the summary and (3 t + k) 4 + rest in the file.
  const DatasetValues q = readDataset(path, "price");
  EXPECT_EQ(q.shape, (std::vector<std::uint64_t>{3, 3, 2, 2}));
  ASSERT_EQ(q.values.size(), 36u);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < 12; ++j)
      EXPECT_EQ(q.values[((j / 4) * 3 + k) * 4 + j % 4], s.quantiles[0][k * cells + price + j])
          << k << " " << j;

  const DatasetValues m = readDataset(path, "aid_allocated_mean");
  EXPECT_EQ(m.shape, (std::vector<std::uint64_t>{3, 1}));  // time, tier
  for (std::size_t j = 0; j < 3; ++j)
    EXPECT_EQ(m.values[j], s.means[0][offsetOf("aid_allocated") + j]);

  EXPECT_EQ(readDataset(path, "quantile").values, kProbabilities);
  EXPECT_EQ(readDataset(path, "replicate").values, (std::vector<double>{0, 1, 2, 3}));
  const DatasetValues failed = readDataset(path, "replicate_failed");
  EXPECT_EQ(failed.shape, std::vector<std::uint64_t>{4});
  EXPECT_EQ(failed.values, (std::vector<double>{0, 0, 1, 0}));

  const DatasetValues params = readDataset(path, "parameter_value");
  EXPECT_EQ(params.shape, (std::vector<std::uint64_t>{4, 2}));
  EXPECT_EQ(params.values[3 * 2 + 1], 31.0);
  EXPECT_TRUE(std::isnan(params.values[2 * 2 + 0]));

  EXPECT_THROW(readDataset(path, "price_effect"), OutputError);  // a forecast has no effects
  EXPECT_EQ(rootUInt(path, "replicates"), kReplicates);
  EXPECT_EQ(rootUInt(path, "replicates_failed"), 1u);
  EXPECT_EQ(rootText(path, "scenario_name"), "aid");
  EXPECT_EQ(rootText(path, "quantile_method"), "exact (type 7)");
}

TEST_F(EnsembleFileTest, KeptReplicatesAreWrittenAndTheFailedOneIsNaN) {
  const fs::path path = dir_.path() / "forecast.nc";
  writeEnsemble(path, false, true);
  const DatasetValues kept = readDataset(path, "market_stock_replicates");
  ASSERT_EQ(kept.shape, (std::vector<std::uint64_t>{3, 4, 2, 2}));  // time, replicate, ...
  const std::size_t var = outputIndex("market_stock");
  for (std::uint32_t r = 0; r < kReplicates; ++r)
    for (std::size_t j = 0; j < 12; ++j) {
      const double v = kept.values[((j / 4) * 4 + r) * 4 + j % 4];
      if (r == 2)
        EXPECT_TRUE(std::isnan(v)) << "never written replicate " << r << "[" << j << "]";
      else
        EXPECT_EQ(v, replicateOutput(r).values[var][j]) << r << "[" << j << "]";
    }
  EXPECT_EQ(readDataset(path, "exchange_rate_replicates").shape,
            (std::vector<std::uint64_t>{3, 4}));
}

TEST_F(EnsembleFileTest, ComparisonValuesReadBack) {
  const fs::path path = dir_.path() / "compare.nc";
  writeEnsemble(path, true, true);
  const std::size_t cells = cellCount(), price = offsetOf("price");
  const EnsembleSummary s = summary(true);

  // Each arm's quantiles are their own variable (time, quantile, region, commodity): with the
  // arm as a fifth dimension CDO would skip them.
  EXPECT_THROW(readDataset(path, "price"), OutputError);
  for (std::size_t a = 0; a < 2; ++a) {
    const DatasetValues q = readDataset(path, a == 0 ? "price_policy" : "price_baseline");
    ASSERT_EQ(q.shape, (std::vector<std::uint64_t>{3, 3, 2, 2}));
    for (std::size_t k = 0; k < 3; ++k)
      for (std::size_t j = 0; j < 12; ++j)
        EXPECT_EQ(q.values[((j / 4) * 3 + k) * 4 + j % 4], s.quantiles[a][k * cells + price + j]);
  }

  const DatasetValues mean = readDataset(path, "price_mean");
  ASSERT_EQ(mean.shape, (std::vector<std::uint64_t>{3, 2, 2, 2}));     // time, arm, ...
  EXPECT_EQ(mean.values[(1 * 2 + 1) * 4 + 1], s.means[1][price + 5]);  // day 1, arm 1, cell 1

  const DatasetValues effect = readDataset(path, "price_effect");
  ASSERT_EQ(effect.shape, (std::vector<std::uint64_t>{3, 3, 2, 2}));
  EXPECT_EQ(effect.values[(1 * 3 + 2) * 4 + 3], s.effect_quantiles[2 * cells + price + 7]);
  const DatasetValues relative = readDataset(path, "price_relative_effect");
  ASSERT_EQ(relative.shape, (std::vector<std::uint64_t>{3, 3, 2, 2}));
  EXPECT_EQ(relative.values[(0 * 3 + 1) * 4 + 3], s.relative_quantiles[1 * cells + price + 3]);
  EXPECT_EQ(readDataset(path, "price_effect_mean").values[4], s.effect_means[price + 4]);
  EXPECT_EQ(readDataset(path, "price_relative_effect_mean").values[4], s.relative_means[price + 4]);

  const DatasetValues params = readDataset(path, "parameter_value");
  ASSERT_EQ(params.shape, (std::vector<std::uint64_t>{2, 4, 2}));
  EXPECT_EQ(params.values[(1 * 4 + 3) * 2 + 1], 131.0);

  const DatasetValues kept = readDataset(path, "price_baseline_replicates");
  ASSERT_EQ(kept.shape, (std::vector<std::uint64_t>{3, 4, 2, 2}));  // time, replicate, ...
  EXPECT_EQ(kept.values[(1 * 4 + 3) * 4 + 1], replicateOutput(13).values[0][5]);
  EXPECT_TRUE(std::isnan(readDataset(path, "price_policy_replicates").values[(1 * 4 + 2) * 4 + 1]));

  EXPECT_EQ(rootText(path, "policy_scenario_name"), "aid");
  EXPECT_EQ(rootText(path, "baseline_scenario_name"), "no-aid");
  EXPECT_EQ(rootText(path, "baseline_scenario"), provenance(true).scenario_texts[1]);
  EXPECT_EQ(rootText(path, "scenario_name"), "");
}

TEST_F(EnsembleFileTest, WithoutKeepReplicatesThereAreNoTrajectories) {
  const fs::path path = dir_.path() / "forecast.nc";
  {
    EnsembleWriter writer(path, false, layout(false, false));
    EXPECT_THROW(writer.writeReplicate(0, 0, replicateOutput(0)), OutputError);
    writer.finish(summary(false), provenance(false));
  }
  EXPECT_THROW(readDataset(path, "price_replicates"), OutputError);
  EXPECT_EQ(readDataset(path, "price").shape, (std::vector<std::uint64_t>{3, 3, 2, 2}));
}

TEST_F(EnsembleFileTest, PathAppearsOnlyAtFinishAndNoTemporaryFileRemains) {
  const fs::path path = dir_.path() / "forecast.nc";
  EnsembleWriter writer(path, false, layout(false, true));
  writer.writeReplicate(0, 1, replicateOutput(1));
  EXPECT_FALSE(fs::exists(path));
  const std::vector<std::string> during = listDir(dir_.path());
  ASSERT_EQ(during.size(), 1u);
  EXPECT_TRUE(during[0].starts_with("forecast.nc.tmp-")) << during[0];

  writer.finish(summary(false), provenance(false));
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"forecast.nc"});
  EXPECT_THROW(writer.finish(summary(false), provenance(false)), OutputError);
  EXPECT_THROW(writer.writeReplicate(0, 0, replicateOutput(0)), OutputError);
}

TEST_F(EnsembleFileTest, ExistingFileWithoutOverwriteFailsBeforeWriting) {
  const fs::path path = dir_.write("forecast.nc", "precious bytes");
  try {
    EnsembleWriter writer(path, false, layout(false, true));
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(testing::readText(path), "precious bytes");
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"forecast.nc"});

  // With overwrite the old file stays until finish() replaces it.
  EnsembleWriter writer(path, true, layout(false, false));
  EXPECT_EQ(testing::readText(path), "precious bytes");
  writer.finish(summary(false), provenance(false));
  EXPECT_EQ(readDataset(path, "replicate_failed").values, (std::vector<double>{0, 0, 1, 0}));
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"forecast.nc"});
}

TEST_F(EnsembleFileTest, WriterDestroyedWithoutFinishLeavesNothing) {
  {
    EnsembleWriter writer(dir_.path() / "forecast.nc", false, layout(false, true));
    writer.writeReplicate(0, 0, replicateOutput(0));
  }
  EXPECT_TRUE(listDir(dir_.path()).empty());

  const fs::path path = dir_.write("compare.nc", "precious bytes");
  {
    EnsembleWriter writer(path, true, layout(true, true));
    writer.writeReplicate(1, 3, replicateOutput(3));
  }
  EXPECT_EQ(testing::readText(path), "precious bytes");
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"compare.nc"});
}

TEST_F(EnsembleFileTest, WrongSizesAreOutputErrorsNamingThePath) {
  const fs::path path = dir_.path() / "compare.nc";
  const auto expectNamed = [&](const std::function<void()>& f, const std::string& what) {
    try {
      f();
      ADD_FAILURE() << "expected OutputError: " << what;
    } catch (const OutputError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };

  EnsembleLayout one_arm = layout(true, true);
  one_arm.arms = {"policy"};
  expectNamed([&] { EnsembleWriter w(path, false, one_arm); }, "two arms");
  EnsembleLayout no_units = layout(false, true);
  no_units.parameter_units.pop_back();
  expectNamed([&] { EnsembleWriter w(path, false, no_units); }, "parameter_units");
  EXPECT_TRUE(listDir(dir_.path()).empty());

  EnsembleWriter writer(path, false, layout(true, true));
  expectNamed([&] { writer.writeReplicate(2, 0, replicateOutput(0)); }, "arm 2");
  expectNamed([&] { writer.writeReplicate(0, kReplicates, replicateOutput(0)); }, "replicate 4");
  RunOutput other = replicateOutput(0);
  other.regions.pop_back();
  expectNamed([&] { writer.writeReplicate(0, 0, other); }, "coordinates");
  RunOutput short_values = replicateOutput(0);
  short_values.values[1].pop_back();
  expectNamed([&] { writer.writeReplicate(0, 0, short_values); }, "price_usd");

  EnsembleSummary bad = summary(true);
  bad.effect_means.pop_back();
  expectNamed([&] { writer.finish(bad, provenance(true)); }, "effect_means");
  bad = summary(true);
  bad.failed[0] = 2;
  expectNamed([&] { writer.finish(bad, provenance(true)); }, "failed");
  EnsembleProvenance one_scenario = provenance(true);
  one_scenario.scenario_texts.pop_back();
  expectNamed([&] { writer.finish(summary(true), one_scenario); }, "scenario_texts");
  EXPECT_FALSE(fs::exists(path));

  // Refused input leaves the writer usable.
  writer.finish(summary(true), provenance(true));
  EXPECT_EQ(listDir(dir_.path()), std::vector<std::string>{"compare.nc"});
}

TEST_F(EnsembleFileTest, ZeroParametersLeaveNoEmptyDimension) {
  const fs::path path = dir_.path() / "forecast.nc";
  EnsembleLayout l = layout(false, false);
  l.parameter_names.clear();
  l.parameter_priors.clear();
  l.parameter_units.clear();
  EnsembleSummary s = summary(false);
  s.parameter_values.clear();
  EnsembleWriter writer(path, false, l);
  writer.finish(s, provenance(false));
  // An empty dimension reads as unlimited in netCDF and gives pandas frames of no rows.
  EXPECT_THROW(readDataset(path, "parameter_value"), OutputError);
  EXPECT_THROW(readDataset(path, "parameter"), OutputError);
  EXPECT_EQ(readDataset(path, "replicate_failed").values, (std::vector<double>{0, 0, 1, 0}));
}

/// The file opens in h5py and in xarray (engines netcdf4 and h5netcdf) with the expected dims,
/// units and provenance: tests/analysis/check_ensemble_file.py.
TEST_F(EnsembleFileTest, PythonReadersOpenForecastAndComparison) {
  const fs::path script = testing::kSourceDir / "tests" / "analysis" / "check_ensemble_file.py";
  for (const bool comparison : {false, true}) {
    const fs::path path = dir_.path() / (comparison ? "compare.nc" : "forecast.nc");
    writeEnsemble(path, comparison, true);
    const fs::path log = dir_.path() / "check.log";
    const std::string command = "/usr/bin/python3 '" + script.string() + "' '" + path.string() +
                                "'" + (comparison ? " --compare" : "") + " > '" + log.string() +
                                "' 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << command << "\n" << testing::readText(log);
  }
}

}  // namespace
}  // namespace grainsim
