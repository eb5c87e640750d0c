#include "runs/sweep/SweepPlan.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "model/Recorder.hpp"
#include "model/Rng.hpp"
#include "model/Version.hpp"

namespace grainsim {

double SweepPlan::value(std::size_t point, std::size_t parameter) const {
  const double u = design.values[point * design.dimensions + parameter];
  return scenario.priors()[prior_of[parameter]].quantile(u);
}

std::vector<double> SweepPlan::priorValues(std::size_t point, std::uint32_t replicate) const {
  std::vector<double> values = scenario.draw(seed, replicate);
  for (std::size_t i = 0; i < parameters.size(); ++i) values[prior_of[i]] = value(point, i);
  return values;
}

std::string SweepPlan::format(std::size_t parameter, double value) const {
  return scenario.priors()[prior_of[parameter]].format(value);
}

std::size_t SweepPlan::rowSize() const {
  std::size_t n = 0;
  for (const auto& o : outputs) n += o.cells(coordinates);
  for (const auto& v : trajectories) n += coordinates.values[outputIndex(v)].size();
  return n * replicates;
}

std::string SweepPlan::fingerprint() const {
  std::string text = "scenario\n" + scenario.nominal().resolved_text + "\ndesign " +
                     std::string(designName(design.kind)) + " " + std::to_string(design.samples) +
                     " " + std::to_string(design_seed) + "\nseed " + std::to_string(seed) +
                     "\nreplicates " + std::to_string(replicates) + "\n";
  for (const auto& p : parameters) text += "param " + p.key + "=" + p.range() + "\n";
  for (const auto& o : outputs) text += "output " + o.text + "\n";
  for (const auto& v : trajectories) text += "trajectory " + v + "\n";
  text += "version " + std::string(codeVersion()) + "\n";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
  return hex;
}

SweepPlan makeSweepPlan(const SweepRequest& request) {
  if (request.parameters.empty())
    throw std::invalid_argument("--param: a sweep needs at least one parameter");
  if (request.replicates == 0) throw std::invalid_argument("--replicates 0: must be at least 1");
  std::vector<SweepParameter> parameters;
  std::vector<std::string> overrides = request.overrides;
  for (const auto& text : request.parameters) {
    SweepParameter p = SweepParameter::parse(text);
    for (const auto& seen : parameters)
      if (seen.key == p.key) throw std::invalid_argument("--param " + p.key + ": named twice");
    overrides.push_back(p.priorOverride());
    parameters.push_back(std::move(p));
  }
  SweepPlan plan;
  plan.scenario = loadUncertainScenario(request.scenario_file, overrides);
  plan.parameters = std::move(parameters);
  const auto& priors = plan.scenario.priors();
  for (const auto& p : plan.parameters) {
    const auto it = std::find_if(priors.begin(), priors.end(),
                                 [&](const Prior& prior) { return prior.key() == p.key; });
    if (it == priors.end()) throw std::logic_error("swept key " + p.key + " has no prior");
    plan.prior_of.push_back(static_cast<std::size_t>(it - priors.begin()));
  }
  plan.design =
      makeDesign(request.design, request.samples, plan.parameters.size(), request.design_seed);
  plan.design_seed = request.design_seed;
  plan.seed = plan.scenario.nominal().params.run.seed;
  plan.replicates = request.replicates;
  plan.coordinates = emptyOutput(plan.scenario.nominal());
  if (request.outputs.empty())
    throw std::invalid_argument("--outputs: name at least one output, e.g. price@2027-01-15");
  plan.outputs = parseSweepOutputs(request.outputs, plan.coordinates);
  if (!request.trajectories.empty())
    plan.trajectories = parseTrajectoryVariables(request.trajectories);
  return plan;
}

}  // namespace grainsim
