/// \brief Sweeps end to end in the library: the same records at any thread count and any split
/// into shards, resuming an interrupted shard, the failure policy, the file read back.
#include "runs/sweep/Sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "runs/output/OutputFile.hpp"
#include "runs/sweep/Merge.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

/// A small winter at 1:4000: 2 sobol base samples of 3 parameters (10 points), 2 replicates.
SweepRequest smallSweep() {
  SweepRequest r;
  r.overrides = {"population.agent_weight=4000", "run.spinup_days=5", "run.end_date=2027-01-20"};
  r.design = DesignKind::sobol;
  r.samples = 2;
  r.parameters = {"aid.tonnage_scale=0:2", "shipments.2a.arrival_date=2027-01-05:2027-01-15",
                  "arbitrage.margin_spread=0.01:0.1:log"};
  r.replicates = 2;
  r.outputs = "price@2027-01-15,mean(food_insecure_share, 2026-12-20:2027-01-20)";
  r.trajectories = "aid_arrived";
  return r;
}

/// Runs shard `shard` of `plan` to its file, `threads` at a time.
fs::path runShard(const SweepPlan& plan, const Shard& shard, const fs::path& out, int threads) {
  const fs::path file = shard.fileFor(out);
  const SweepLayout layout = sweepLayout(plan, shard, "test");
  SweepJournal journal(SweepJournal::pathFor(file), layout.fingerprint, plan.points());
  runSweep(plan, shard, journal, {threads, OnFailure::skip}, {});
  writeFromJournal(layout, journal, file, false);
  journal.remove();
  return file;
}

std::string bytes(const std::vector<double>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

/// Every point's values (as bytes: NaN compares unequal), failure and design row are equal.
void expectSameSweep(const fs::path& a, const fs::path& b) {
  const SweepReader ra(a), rb(b);
  ASSERT_EQ(ra.layout().points, rb.layout().points) << a << " vs " << b;
  EXPECT_EQ(bytes(ra.layout().design_values), bytes(rb.layout().design_values));
  EXPECT_EQ(bytes(ra.layout().unit_values), bytes(rb.layout().unit_values));
  for (std::size_t row = 0; row < ra.layout().points.size(); ++row) {
    const PointRecord x = ra.row(row), y = rb.row(row);
    EXPECT_EQ(bytes(x.values), bytes(y.values)) << "point " << x.point << ": " << a << " vs " << b;
    EXPECT_EQ(x.failure, y.failure);
  }
}

TEST(Sweep, PointsDifferWhereTheParametersDoAndAgreeWhereTheyDoNot) {
  const SweepPlan plan = makeSweepPlan(smallSweep());
  ASSERT_EQ(plan.points(), 10u);
  // Row 0 of the Saltelli layout: A (point 0), B (1), AB_1..AB_3 (2..4). AB_i takes parameter
  // i from B, so AB_1 has B's tonnage: it differs from A in the aid that arrived.
  const PointRecord a = runPoint(plan, 0, 1), ab1 = runPoint(plan, 2, 1),
                    again = runPoint(plan, 0, 2);
  EXPECT_TRUE(a.failure.empty()) << a.failure;
  EXPECT_EQ(a.values.size(), plan.rowSize());
  EXPECT_EQ(bytes(a.values), bytes(again.values)) << "a point depends on its threads";
  EXPECT_NE(bytes(a.values), bytes(ab1.values));
  EXPECT_EQ(plan.value(2, 1), plan.value(0, 1));  // AB_1 keeps A's arrival date
  EXPECT_EQ(plan.value(2, 0), plan.value(1, 0));  // and takes B's tonnage
}

TEST(Sweep, OneTwoAndFourShardsMergeToTheUnshardedSweep) {
  testing::TempDir dir;
  const SweepPlan plan = makeSweepPlan(smallSweep());
  const fs::path whole = runShard(plan, Shard{}, dir.path() / "whole.h5", 1);
  for (std::uint32_t n : {1u, 2u, 4u}) {
    const fs::path split = dir.path() / std::to_string(n);
    fs::create_directories(split);
    std::vector<fs::path> shards;
    for (std::uint32_t i = 0; i < n; ++i)
      shards.push_back(runShard(plan, Shard{i, n}, split / "s.h5", 2));
    std::reverse(shards.begin(), shards.end());  // any order
    const fs::path merged = split / "merged.h5";
    mergeShards(shards, merged, false, "merge");
    expectSameSweep(whole, merged);
    EXPECT_EQ(SweepReader(merged).layout().shard.text(), "0/1");
  }
}

TEST(Sweep, AnInterruptedShardResumesToTheSameFile) {
  testing::TempDir dir;
  const SweepPlan plan = makeSweepPlan(smallSweep());
  const fs::path whole = runShard(plan, Shard{}, dir.path() / "whole.h5", 2);

  const fs::path file = dir.path() / "resumed.h5";
  const SweepLayout layout = sweepLayout(plan, Shard{}, "test");
  {
    SweepJournal journal(SweepJournal::pathFor(file), layout.fingerprint, plan.points());
    int seen = 0;
    EXPECT_THROW(runSweep(plan, Shard{}, journal, {2, OnFailure::skip},
                          [&](const PointRecord&) {
                            if (++seen == 4) throw std::runtime_error("interrupted");
                          }),
                 std::runtime_error);
  }
  SweepJournal journal(SweepJournal::pathFor(file), layout.fingerprint, plan.points());
  EXPECT_EQ(journal.doneCount(), 4u);
  std::size_t rerun = 0;
  runSweep(plan, Shard{}, journal, {1, OnFailure::skip}, [&](const PointRecord&) { ++rerun; });
  EXPECT_EQ(rerun, plan.points() - 4) << "finished points ran again";
  writeFromJournal(layout, journal, file, false);
  expectSameSweep(whole, file);
}

/// Thresholds valid alone that clash jointly (severe above insecure) at some points.
SweepRequest clashingSweep() {
  SweepRequest r = smallSweep();
  r.parameters = {"need.severe_threshold=0.3:0.75", "need.insecure_threshold=0.6:0.9"};
  r.samples = 8;
  r.replicates = 1;
  r.trajectories.clear();
  return r;
}

TEST(Sweep, FailingPointsStopTheSweepOrAreRecordedWithTheirParameters) {
  testing::TempDir dir;
  const SweepPlan plan = makeSweepPlan(clashingSweep());
  std::vector<std::uint64_t> bad;
  for (std::uint64_t p = 0; p < plan.points(); ++p) try {
      plan.scenario.realise(plan.priorValues(p, 0));
    } catch (const ScenarioError&) {
      bad.push_back(p);
    }
  ASSERT_FALSE(bad.empty()) << "the design should make the thresholds clash somewhere";
  ASSERT_LT(bad.size(), plan.points());

  const SweepLayout layout = sweepLayout(plan, Shard{}, "test");
  {
    SweepJournal journal(dir.path() / "stop.journal", layout.fingerprint, plan.points());
    try {
      runSweep(plan, Shard{}, journal, {2, OnFailure::stop}, {});
      ADD_FAILURE() << "expected a SweepFailure";
    } catch (const SweepFailure& e) {
      testing::expectContainsAll(e.what(), {"point " + std::to_string(bad.front()), "seed 1",
                                            "need.severe_threshold=", "need.insecure_threshold="});
    }
    EXPECT_EQ(journal.doneCount(), bad.front()) << "points before the failure are kept";
  }
  const fs::path file = runShard(plan, Shard{}, dir.path() / "skip.h5", 2);
  const SweepReader reader(file);
  for (std::size_t row = 0; row < plan.points(); ++row) {
    const PointRecord r = reader.row(row);
    const bool should_fail = std::find(bad.begin(), bad.end(), r.point) != bad.end();
    EXPECT_EQ(!r.failure.empty(), should_fail) << "point " << r.point << ": " << r.failure;
    EXPECT_EQ(std::isnan(r.values.front()), should_fail) << "point " << r.point;
  }
}

TEST(Sweep, TheFileHoldsTheDesignTheLayoutAndTheProvenance) {
  testing::TempDir dir;
  const SweepPlan plan = makeSweepPlan(smallSweep());
  const SweepReader reader(runShard(plan, Shard{1, 3}, dir.path() / "x.h5", 2));
  const SweepLayout& l = reader.layout();
  EXPECT_EQ(l.points, (std::vector<std::uint32_t>{1, 4, 7}));
  EXPECT_EQ(l.total_points, 10u);
  EXPECT_EQ(l.design, "sobol");
  EXPECT_EQ(l.parameter_names[1], "shipments.2a.arrival_date");
  EXPECT_EQ(l.parameter_scales, (std::vector<std::string>{"linear", "date", "log"}));
  EXPECT_EQ(l.design_values[1 * 3 + 0], plan.value(4, 0));
  EXPECT_EQ(l.fingerprint, plan.fingerprint());
  EXPECT_NE(l.scenario_text.find("population.agent_weight"), std::string::npos);
  ASSERT_EQ(l.variables.size(), 3u);
  EXPECT_EQ(l.variables[0].name, "price_on_2027_01_15");
  EXPECT_EQ(l.variables[0].dims, (std::vector<Dim>{Dim::region, Dim::commodity}));
  EXPECT_EQ(l.variables[2].name, "aid_arrived_trajectory");
  EXPECT_EQ(l.variables[2].dims.front(), Dim::time);
  EXPECT_EQ(l.coordinates.regions, testing::kDefaultRegions);
  // A date parameter's values are whole days inside its range.
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const double day = plan.value(p, 1);
    EXPECT_EQ(day, std::floor(day));
    EXPECT_EQ(plan.format(1, day).substr(0, 7), "2027-01");
  }
}

TEST(Sweep, BadRequestsAreRefusedBeforeAnythingRuns) {
  SweepRequest r = smallSweep();
  r.parameters = {"no.such_key=0:1"};
  EXPECT_THROW(makeSweepPlan(r), ScenarioError);
  r = smallSweep();
  r.parameters = {"aid.tonnage_scale=-1:1"};  // below the key's lower bound
  EXPECT_THROW(makeSweepPlan(r), ScenarioError);
  r = smallSweep();
  r.parameters.push_back("aid.tonnage_scale=1:2");
  EXPECT_THROW(makeSweepPlan(r), std::invalid_argument);
  r = smallSweep();
  r.outputs = "price@2030-01-01";
  EXPECT_THROW(makeSweepPlan(r), std::invalid_argument);
  r = smallSweep();
  r.parameters.clear();
  EXPECT_THROW(makeSweepPlan(r), std::invalid_argument);
}

}  // namespace
}  // namespace grainsim
