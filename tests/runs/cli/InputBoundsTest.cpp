/// \brief Issue 16: every number the executable reads is bounded and never wraps, the run length
/// is bounded, merge and sensitivity check the files they read, degenerate scenarios are
/// refused, and readable inputs (a byte-order mark, a quoted newline) are accepted.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/runs/cli/CliFixture.hpp"

namespace grainsim::testing {
namespace {

using Args = std::vector<std::string>;

struct BadCase {
  Args args;
  std::vector<std::string> parts;  ///< each must be on stderr
};

// --- item 1 (8): numbers never wrap, every numeric option is bounded ---

TEST_F(CliTest, NumericOptionsAreBoundedAndNeverWrap) {
  const std::string whole = "must be a whole number from ";
  const std::vector<BadCase> cases = {
      // run
      {{"run", "--seed", "-1"}, {"--seed", "'-1'", whole + "0 to 4294967295", "32-bit"}},
      {{"run", "--seed", "4294967296"}, {"--seed", "'4294967296'", "0 to 4294967295"}},
      {{"run", "--seed", "99999999999999999999999"}, {"--seed", "0 to 4294967295"}},
      {{"run", "--seed", "1e3"}, {"--seed", "'1e3'", whole}},
      {{"run", "--seed", "12abc"}, {"--seed", "'12abc'", whole}},
      {{"run", "--seed", ""}, {"--seed", "''", whole}},
      {{"run", "--replicate", "-1"}, {"--replicate", "'-1'", "0 to 4294967295"}},
      {{"run", "--threads", "-1"}, {"--threads", "'-1'", "0 to 1024", "oversubscribe"}},
      {{"run", "--threads", "1025"}, {"--threads", "'1025'", "0 to 1024"}},
      {{"run", "--threads", "10000000"}, {"--threads", "'10000000'", "0 to 1024"}},
      {{"run", "--threads", "2.5"}, {"--threads", "'2.5'", whole}},
      // forecast and compare
      {{"forecast", "--replicates", "-5"}, {"--replicates", "'-5'", whole + "1 to 1000000"}},
      {{"forecast", "--replicates", "0"}, {"--replicates", "'0'", "1 to 1000000"}},
      {{"forecast", "--replicates", "1000001"}, {"--replicates", "'1000001'"}},
      {{"forecast", "--replicates", "4294967291"}, {"--replicates", "'4294967291'"}},
      {{"forecast", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"forecast", "--threads", "100000"}, {"--threads", "'100000'", "0 to 1024"}},
      {{"forecast", "--exact-limit", "-1"}, {"--exact-limit", "'-1'", "17 to 1000000"}},
      {{"forecast", "--exact-limit", "5"}, {"--exact-limit", "'5'", "P-square"}},
      {{"compare", "--replicates", "4294967295"}, {"--replicates", "'4294967295'"}},
      {{"compare", "--threads", "-3"}, {"--threads", "'-3'"}},
      // sweep
      {{"sweep", "--samples", "4294967295", "--outputs", "price@2026-12-05"},
       {"--samples", "'4294967295'", "1 to 100000000", "800 MB"}},
      {{"sweep", "--samples", "-1", "--outputs", "price@2026-12-05"}, {"--samples", "'-1'"}},
      {{"sweep", "--samples", "0", "--outputs", "price@2026-12-05"}, {"--samples", "'0'"}},
      {{"sweep", "--samples", "1.5", "--outputs", "price@2026-12-05"}, {"--samples", "'1.5'"}},
      {{"sweep", "--samples", "2", "--replicates", "-1", "--outputs", "price@2026-12-05"},
       {"--replicates", "'-1'", "1 to 10000"}},
      {{"sweep", "--samples", "2", "--replicates", "0", "--outputs", "price@2026-12-05"},
       {"--replicates", "'0'"}},
      {{"sweep", "--samples", "2", "--design-seed", "-1", "--outputs", "price@2026-12-05"},
       {"--design-seed", "'-1'", "32-bit"}},
      {{"sweep", "--samples", "2", "--seed", "-1", "--outputs", "price@2026-12-05"},
       {"--seed", "'-1'"}},
      {{"sweep", "--samples", "2", "--threads", "1025", "--outputs", "price@2026-12-05"},
       {"--threads", "'1025'"}},
      // a sobol design of 10^8 base samples: bounded by its size before it is allocated
      {{"sweep", "--samples", "100000000", "--param", "aid.tonnage_scale=0:1", "--outputs",
        "price@2026-12-05"},
       {"--samples 100000000", "sobol", "100000000 coordinates"}},
      // sensitivity (the file is never read: the options fail first)
      {{"sensitivity", "s.h5", "--resamples", "0"}, {"--resamples", "'0'", "1 to 1000000"}},
      {{"sensitivity", "s.h5", "--resamples", "-1"}, {"--resamples", "'-1'"}},
      {{"sensitivity", "s.h5", "--resamples", "10"},
       {"--resamples", "'10'", "--confidence 0.95", "40 or more"}},
      {{"sensitivity", "s.h5", "--confidence", "1"}, {"--confidence", "'1'", "0.5 to 0.999"}},
      {{"sensitivity", "s.h5", "--confidence", "nan"}, {"--confidence", "'nan'"}},
      {{"sensitivity", "s.h5", "--confidence", "0.2"}, {"--confidence", "'0.2'"}},
      {{"sensitivity", "s.h5", "--bootstrap-seed", "-1"}, {"--bootstrap-seed", "'-1'"}},
      // calibrate
      {{"calibrate", "--out", "fit.ini", "--replicates", "0"},
       {"--replicates", "'0'", "1 to 1000"}},
      {{"calibrate", "--out", "fit.ini", "--replicates", "-1"}, {"--replicates", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--global-evaluations", "-1"},
       {"--global-evaluations", "'-1'", "0 to 100000"}},
      {{"calibrate", "--out", "fit.ini", "--local-evaluations", "100001"},
       {"--local-evaluations", "'100001'"}},
      {{"calibrate", "--out", "fit.ini", "--optimiser-seed", "-1"}, {"--optimiser-seed", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--origins-every", "-1"},
       {"--origins-every", "'-1'", "0 to 3650"}},
      {{"calibrate", "--out", "fit.ini", "--horizon-weeks", "0"},
       {"--horizon-weeks", "'0'", "1 to 520"}},
      {{"calibrate", "--out", "fit.ini", "--threads", "-1"}, {"--threads", "'-1'"}},
      // backtest
      {{"backtest", "--every", "0"}, {"--every", "'0'", "1 to 3650"}},
      {{"backtest", "--replicates", "-2"}, {"--replicates", "'-2'", "1 to 10000"}},
      {{"backtest", "--exchange-window", "99999"}, {"--exchange-window", "'99999'"}},
      {{"backtest", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"backtest", "--threads", "-1"}, {"--threads", "'-1'"}},
      // validate and bench
      {{"validate", "--weight", "0"}, {"--weight", "'0'", "1 to 1e+06"}},
      {{"validate", "--weight", "inf"}, {"--weight", "'inf'"}},
      {{"validate", "--threads", "-1"}, {"--threads", "'-1'"}},
      {{"bench", "--tiny", "--threads-list", "1,2000"}, {"--threads-list", "'2000'", "1 to 1024"}},
      {{"bench", "--tiny", "--threads-list", "1,-1"}, {"--threads-list", "'-1'"}},
      {{"bench", "--tiny", "--reduced-weight", "nan"}, {"--reduced-weight", "'nan'"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    // kTiny in case a bad value were let through (sensitivity, validate and bench take no --set).
    const bool takes_set =
        c.args[0] != "sensitivity" && c.args[0] != "validate" && c.args[0] != "bench";
    expectBadInput(takes_set ? c.args + kTiny : c.args, c.parts);
  }
}

TEST_F(CliTest, NumericOptionsAcceptTheirBounds) {
  // The largest seed and thread count run; "+5" is read as 5.
  const Result r = run(Args{"run", "--seed", "4294967295", "--threads", "1024", "--replicate", "+5",
                            "--out", "run.h5", "-q"} +
                       kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(isHdf5(readText(work_ / "run.h5")));
}

// --- item 2 (5): the run length is bounded ---

TEST_F(CliTest, RunLengthIsBounded) {
  // end_date = 9999-12-31 grew memory by 80 MB/s and never ended.
  expectBadInput({"run", "--set", "run.end_date=9999-12-31", "--out", "x.h5"},
                 {"--set", "run.end_date", "'9999-12-31'", "at most 7305 days", "20 years",
                  "spin-up included", "run.spinup_days"});
  const fs::path ini = write("long.ini",
                             "[run]\nstart_date = 2000-01-01\nend_date = 2019-12-31\n"
                             "spinup_days = 30\n");
  expectBadInput({"run", "--scenario", ini.string(), "--out", "x.h5"},
                 {ini.string(), "run.end_date", "'2019-12-31'", "this one 7335"});
  // A spin-up can be what makes a run too long.
  expectBadInput({"forecast", "--set", "run.spinup_days=3650", "--set", "run.start_date=2010-01-01",
                  "--set", "run.end_date=2026-12-31", "--out", "x.h5"},
                 {"at most 7305 days"});
}

// --- item 4 (9): a scenario with no people is refused ---

/// The regions table with every census_population (third column) replaced by `population`.
std::string regionsWithPopulation(const std::string& text, const std::string& population) {
  std::istringstream in(text);
  std::string out, line;
  for (bool header = true; std::getline(in, line); header = false) {
    if (!header && !line.empty()) {
      const auto second = line.find(',', line.find(',') + 1);
      line.replace(second + 1, line.find(',', second + 1) - second - 1, population);
    }
    out += line + "\n";
  }
  return out;
}

TEST_F(CliTest, RegionsWithoutPeopleAreRefused) {
  const fs::path regions = in_ / "tables" / "regions.csv";
  writeText(regions, regionsWithPopulation(readText(regions), "0"));
  expectBadInput(
      Args{"run", "--set", "tables.regions=" + regions.string(), "--out", "x.h5"} + kTiny,
      {regions.string(), "census_population", "sum to 0", "at least one region"});
}

// --- item 5 (10): readable inputs are accepted, unreadable ones said clearly ---

TEST_F(CliTest, AByteOrderMarkIsSkippedInScenariosAndTables) {
  const std::string bom = "\xEF\xBB\xBF";
  const fs::path ini = write("bom.ini", bom + "[market]\nadjustment_speed = 0.3\n");
  const fs::path regions = in_ / "tables" / "regions.csv";
  writeText(regions, bom + readText(regions));
  const Result r = run(Args{"run", "--scenario", ini.string(), "--set",
                            "tables.regions=" + regions.string(), "--out", "bom.h5", "-q"} +
                       kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(isHdf5(readText(work_ / "bom.h5")));
}

TEST_F(CliTest, AQuotedNewlineInACsvFieldIsAccepted) {
  // RFC 4180: a quoted field may hold a line break.
  const fs::path regions = editTable("regions.csv", "\"population: 2008 census",
                                     "\"population:\r\n2008 census, \"\"quoted\"\"");
  const Result r = run(
      Args{"run", "--set", "tables.regions=" + regions.string(), "--out", "nl.h5", "-q"} + kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(isHdf5(readText(work_ / "nl.h5")));
  fs::remove(work_ / "nl.h5");
  // A quote that is never closed is named with the line where its record starts.
  const std::string text = readText(regions);
  const auto last_line = std::count(text.begin(), text.end(), '\n') + 1;
  const fs::path open = write("open.csv", text + "Nowhere,\"unclosed\n");
  expectBadInput(Args{"run", "--set", "tables.regions=" + open.string(), "--out", "x.h5"} + kTiny,
                 {open.string(), "line " + std::to_string(last_line), "never closed"});
}

TEST_F(CliTest, ADirectoryOrFifoIsNamedForWhatItIs) {
  const fs::path dir = in_ / "a-directory";
  fs::create_directories(dir);
  const fs::path fifo = in_ / "a-fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  expectBadInput(Args{"run", "--scenario", dir.string()} + kTiny,
                 {"--scenario", dir.string(), "is a directory"});
  // Never opened, so it cannot block: the test would hang here otherwise.
  expectBadInput(Args{"run", "--scenario", fifo.string()} + kTiny,
                 {"--scenario", fifo.string(), "is not a regular file (a FIFO)"});
  expectBadInput(Args{"run", "--set", "tables.routes=" + dir.string()} + kTiny,
                 {"tables.routes", dir.string(), "is a directory"});
  expectBadInput(Args{"run", "--set", "tables.routes=" + fifo.string()} + kTiny,
                 {"tables.routes", fifo.string(), "a FIFO"});
  expectBadInput(Args{"run", "--scenario", (in_ / "missing.ini").string()} + kTiny,
                 {"missing.ini", "does not exist"});
  expectBadInput({"merge", "--out", "m.h5", dir.string()}, {dir.string(), "is a directory"});
  expectBadInput({"sensitivity", fifo.string()}, {fifo.string(), "a FIFO"});
}

TEST_F(CliTest, AHugeValueIsEchoedCut) {
  const std::string huge(10'000'000, '7');
  const std::string cut = std::string(200, '7') + "... (10000000 bytes)";
  const fs::path ini = write("huge.ini", "[run]\nseed = " + huge + "\n");
  const Result r = run(Args{"run", "--scenario", ini.string()} + kTiny);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run.seed = '" + cut + "'"), std::string::npos) << r.err.substr(0, 1000);
  EXPECT_LT(r.err.size(), 2000u);
  // A huge line that is no key = value, and a huge table cell.
  const fs::path line = write("line.ini", "[run]\n" + huge + "\n");
  const Result l = run(Args{"run", "--scenario", line.string()} + kTiny);
  EXPECT_EQ(l.exit_code, 2);
  EXPECT_LT(l.err.size(), 2000u) << l.err.substr(0, 1000);
  const fs::path regions = editTable("regions.csv", "3255288", huge);
  const Result c = run(Args{"run", "--set", "tables.regions=" + regions.string()} + kTiny);
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find(cut), std::string::npos) << c.err.substr(0, 1000);
  EXPECT_LT(c.err.size(), 2000u);
  // An option's value (100 kB: an argument may not exceed 128 kB).
  const Result o = run(Args{"run", "--seed", std::string(100'000, '9')} + kTiny);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(std::string(200, '9') + "... (100000 bytes)"), std::string::npos);
  EXPECT_LT(o.err.size(), 2000u);
}

// --- item 3 (6): merge and sensitivity check every attribute and dataset they read ---

/// Opens an HDF5 file for writing, closes it at the end of the scope.
struct Hdf5Edit {
  explicit Hdf5Edit(const fs::path& p) : file(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {
    EXPECT_GE(file, 0) << p;
  }
  ~Hdf5Edit() { H5Fclose(file); }
  Hdf5Edit(const Hdf5Edit&) = delete;
  Hdf5Edit& operator=(const Hdf5Edit&) = delete;

  void remove(const char* attribute) const {
    if (H5Aexists(file, attribute) > 0) H5Adelete(file, attribute);
  }
  /// The root attribute `name` replaced by `values` (one: a scalar) of type `type`.
  template <class T>
  void set(const char* name, hid_t type, const std::vector<T>& values) const {
    remove(name);
    const hsize_t n = values.size();
    const hid_t space = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr);
    const hid_t attr = H5Acreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(H5Awrite(attr, type, values.data()), 0) << name;
    H5Aclose(attr);
    H5Sclose(space);
  }
  void setUInt(const char* name, std::uint32_t value) const {
    set(name, H5T_NATIVE_UINT32, std::vector<std::uint32_t>{value});
  }
  void setText(const char* name, const std::string& text) const {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, text.size());
    remove(name);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attr = H5Acreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(H5Awrite(attr, type, text.data()), 0) << name;
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
  }
  /// The dataset `name` replaced by a float64 one of `shape`, all zeros.
  void replace(const char* name, const std::vector<hsize_t>& shape) const {
    if (H5Lexists(file, name, H5P_DEFAULT) > 0) H5Ldelete(file, name, H5P_DEFAULT);
    hsize_t n = 1;
    for (const hsize_t d : shape) n *= d;
    const std::vector<double> zeros(n, 0.0);
    const hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
    const hid_t ds =
        H5Dcreate2(file, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()), 0);
    H5Dclose(ds);
    H5Sclose(space);
  }

  hid_t file;
};

class CraftedSweepTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    for (const char* shard : {"0/2", "1/2"})
      ASSERT_EQ(run((kTinySweep + kTiny) + Args{"--shard", shard, "--out", (in_ / "s.h5").string()})
                    .exit_code,
                0);
    ASSERT_EQ(run((kTinySweep + kTiny) + Args{"--out", whole_.string()}).exit_code, 0);
    ASSERT_EQ(listDir(work_), std::vector<std::string>{});
  }

  /// A copy of `from` named `name`, changed by `edit`.
  fs::path crafted(const fs::path& from, const std::string& name,
                   const std::function<void(const Hdf5Edit&)>& edit) {
    const fs::path to = in_ / name;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    edit(Hdf5Edit(to));
    return to;
  }

  const fs::path whole_ = in_ / "whole.h5";
  const fs::path shard0_ = in_ / "s.shard-0-of-2.h5", shard1_ = in_ / "s.shard-1-of-2.h5";
};

TEST_F(CraftedSweepTest, MergeRefusesEveryCraftedAttributeAndDataset) {
  // The genuine shards merge.
  ASSERT_EQ(run({"merge", "--out", (in_ / "m.h5").string(), shard0_.string(), shard1_.string()})
                .exit_code,
            0);
  struct Craft {
    std::string name;
    std::function<void(const Hdf5Edit&)> edit;
    std::vector<std::string> parts;
  };
  const std::vector<Craft> crafts = {
      // shard_count = 0 segfaulted; shard >= shard_count overflowed the heap and exited 0.
      {"count0.h5",
       [](const Hdf5Edit& e) { e.setUInt("shard_count", 0); },
       {"attribute 'shard_count' = 0", "must be 1 or more"}},
      {"shard5.h5",
       [](const Hdf5Edit& e) { e.setUInt("shard", 5); },
       {"attribute 'shard' = 5", "must be below shard_count = 2"}},
      {"count4e9.h5",
       [](const Hdf5Edit& e) { e.setUInt("shard_count", 4000000000u); },
       {"dataset 'point'", "attributes give 1"}},
      // A short design overflowed the heap.
      {"short-design.h5",
       [](const Hdf5Edit& e) {
         e.replace("design", {1, 2});
       },
       {"dataset 'design'", "has shape 1 x 2", "attributes give 8 x 2"}},
      {"design-unit.h5",
       [](const Hdf5Edit& e) { e.replace("design_unit", {8}); },
       {"dataset 'design_unit'", "has 1 dimensions, not 2"}},
      {"points.h5",
       [](const Hdf5Edit& e) { e.replace("point", {8}); },
       {"dataset 'point'", "holds 0 in row 1", "point 2"}},
      {"total.h5",
       [](const Hdf5Edit& e) { e.setUInt("total_points", 1000); },
       {"attribute 'total_points' = 1000", "sobol design of samples = 4"}},
      {"total0.h5",
       [](const Hdf5Edit& e) { e.setUInt("total_points", 0); },
       {"attribute 'total_points' = 0"}},
      {"replicates.h5",
       [](const Hdf5Edit& e) { e.setUInt("replicates", 1000); },
       {"attribute 'replicates' = 1000", "dataset 'replicate'", "1 entries"}},
      {"replicates0.h5",
       [](const Hdf5Edit& e) { e.setUInt("replicates", 0); },
       {"attribute 'replicates' = 0"}},
      {"samples.h5",
       [](const Hdf5Edit& e) { e.setUInt("samples", 5); },
       {"total_points", "samples = 5"}},
      {"kind.h5",
       [](const Hdf5Edit& e) { e.setText("design", "spiral"); },
       {"attribute 'design' = 'spiral'", "grid, lhs or sobol"}},
      {"array.h5",
       [](const Hdf5Edit& e) {
         e.set("shard", H5T_NATIVE_UINT32, std::vector<std::uint32_t>(10, 0));
       },
       {"attribute 'shard'", "must hold one value"}},
      {"no-samples.h5",
       [](const Hdf5Edit& e) { e.remove("samples"); },
       {"is not a grainsim sweep file (no attribute 'samples')"}},
      {"no-kind.h5",
       [](const Hdf5Edit& e) {
         e.remove("grainsim_file_kind");
         e.remove("title");
       },
       {"is not a grainsim sweep file (no attribute 'title')"}},
      {"old-title.h5",  // a file from before grainsim_file_kind: its title says what it is
       [](const Hdf5Edit& e) { e.remove("grainsim_file_kind"); },
       {"is not a grainsim sweep file (its title is 'grainsim sweep: "}},
      {"kind.h5",
       [](const Hdf5Edit& e) { e.setText("grainsim_file_kind", "run"); },
       {"is not a grainsim sweep file (its grainsim_file_kind is 'run')"}},
      {"variables.h5",
       [](const Hdf5Edit& e) { e.setText("variables", "nothing_here\n"); },
       {"nothing_here", "attribute 'variables'"}},
      {"ranges.h5",
       [](const Hdf5Edit& e) { e.replace("parameter_range", {2}); },
       {"parameter_range"}},
      {"failures.h5",
       [](const Hdf5Edit& e) { H5Ldelete(e.file, "point_failure", H5P_DEFAULT); },
       {"point_failure"}},
      // A variable's dimensions are the file's scales by address: a removed or replaced scale
      // leaves a reference that the reader must not follow (HDF5 1.10 leaked when it did).
      {"no-run-scale.h5",
       [](const Hdf5Edit& e) { H5Ldelete(e.file, "run", H5P_DEFAULT); },
       {"has dimension 0 without one of the file's dimension scales attached"}},
      {"new-region-scale.h5",
       [](const Hdf5Edit& e) { e.replace("region", {11}); },
       {"has dimension 1 without one of the file's dimension scales attached"}},
  };
  for (const Craft& c : crafts) {
    SCOPED_TRACE(c.name);
    const fs::path bad = crafted(shard0_, c.name, c.edit);
    std::vector<std::string> parts = c.parts;
    parts.push_back(bad.string());
    expectBadInput({"merge", "--out", "m.h5", bad.string(), shard1_.string()}, parts);
  }
}

TEST_F(CraftedSweepTest, SensitivityRefusesCraftedFiles) {
  ASSERT_EQ(run({"sensitivity", whole_.string(), "--out", (in_ / "i.h5").string(), "-q"}).exit_code,
            0);
  // replicates = 1000 made sensitivity write ST = 1.0 everywhere.
  const fs::path replicates =
      crafted(whole_, "replicates.h5", [](const Hdf5Edit& e) { e.setUInt("replicates", 1000); });
  expectBadInput({"sensitivity", replicates.string(), "--out", "i.h5"},
                 {replicates.string(), "attribute 'replicates' = 1000", "dataset 'replicate'"});
  const fs::path samples =
      crafted(whole_, "samples.h5", [](const Hdf5Edit& e) { e.setUInt("samples", 2); });
  expectBadInput({"sensitivity", samples.string(), "--out", "i.h5"},
                 {samples.string(), "total_points", "samples = 2"});
  const fs::path design = crafted(whole_, "design.h5", [](const Hdf5Edit& e) {
    e.replace("design", {16, 3});
  });
  expectBadInput({"sensitivity", design.string(), "--out", "i.h5"},
                 {design.string(), "dataset 'design'", "16 x 3", "16 x 2"});
}

TEST_F(CliTest, AForeignHdf5FileIsNotASweepFile) {
  const fs::path foreign = in_ / "foreign.h5";
  {
    const hid_t f = H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Fclose(f);
  }
  expectBadInput({"merge", "--out", "m.h5", foreign.string()},
                 {foreign.string() + "' is not a grainsim sweep file (no attribute 'title')"});
  expectBadInput({"sensitivity", foreign.string(), "--out", "i.h5"},
                 {"is not a grainsim sweep file (no attribute 'title')"});
  // A grainsim file of another kind: its title says what it is.
  const fs::path run_file = in_ / "run.h5";
  ASSERT_EQ(run(Args{"run", "--out", run_file.string(), "-q"} + kTiny).exit_code, 0);
  expectBadInput(
      {"merge", "--out", "m.h5", run_file.string()},
      {run_file.string(), "is not a grainsim sweep file (its grainsim_file_kind is 'run')"});
}

}  // namespace
}  // namespace grainsim::testing
