#include "runs/sweep/SweepOutput.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/Date.hpp"
#include "model/NearestName.hpp"

namespace grainsim {

namespace {

/// Every output variable's name (model/OutputDictionary.cpp), for "did you mean".
std::vector<std::string> outputNames() {
  std::vector<std::string> names;
  for (const OutputSpec& spec : outputTable()) names.emplace_back(spec.name);
  return names;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::invalid_argument bad(const std::string& option, const std::string& term,
                          const std::string& rule) {
  return std::invalid_argument(option + " '" + term + "': " + rule);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// Splits at commas outside parentheses.
std::vector<std::string> splitTerms(const std::string& list) {
  std::vector<std::string> terms(1);
  int depth = 0;
  for (const char c : list) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0)
      terms.emplace_back();
    else
      terms.back().push_back(c);
  }
  for (auto& t : terms) t = trim(t);
  return terms;
}

/// "2027-01-15" -> "2027_01_15", for dataset names.
std::string nameOf(const std::string& iso) {
  std::string s = iso;
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

const OutputSpec& specOf(const std::string& variable) {
  return outputTable()[outputIndex(variable)];
}

}  // namespace

std::vector<Dim> SweepOutput::dims() const {
  const OutputSpec& spec = specOf(variable);
  return {spec.dims.begin() + 1, spec.dims.begin() + spec.rank};
}

std::size_t SweepOutput::cells(const RunOutput& coordinates) const {
  std::size_t n = 1;
  for (const Dim d : dims()) n *= coordinates.dimSize(d);
  return n;
}

std::vector<double> SweepOutput::reduce(const RunOutput& out) const {
  const std::size_t per_day = cells(out);
  const auto& values = out.values[outputIndex(variable)];
  std::vector<double> result(per_day);
  const double days = last_day - first_day + 1;
  for (std::size_t c = 0; c < per_day; ++c) {
    double acc = reduction == Reduction::min   ? std::numeric_limits<double>::infinity()
                 : reduction == Reduction::max ? -std::numeric_limits<double>::infinity()
                                               : 0.0;
    bool nan = false;
    for (int d = first_day; d <= last_day; ++d) {
      const double x = values[static_cast<std::size_t>(d) * per_day + c];
      nan = nan || std::isnan(x);
      if (reduction == Reduction::min)
        acc = std::min(acc, x);
      else if (reduction == Reduction::max)
        acc = std::max(acc, x);
      else
        acc += x;
    }
    if (reduction == Reduction::mean) acc /= days;
    result[c] = nan ? kNaN : acc;
  }
  return result;
}

std::string SweepOutput::units() const {
  return std::string(specOf(variable).units);
}

std::string SweepOutput::longName() const {
  const std::string what(specOf(variable).long_name);
  return text + ": " + what;
}

std::vector<SweepOutput> parseSweepOutputs(const std::string& list, const RunOutput& coordinates) {
  const auto start = Date::parse(coordinates.start_date);
  if (!start) throw std::invalid_argument("the run has no valid start date");
  auto dayOf = [&](const std::string& term, const std::string& iso) {
    const auto d = Date::parse(trim(iso));
    if (!d) throw bad("--outputs", term, "'" + trim(iso) + "' is not a YYYY-MM-DD date");
    const int day = *d - *start;
    if (day < 0 || day >= coordinates.days)
      throw bad("--outputs", term,
                trim(iso) + " is outside the run (" + coordinates.start_date + " to " +
                    start->plusDays(coordinates.days - 1).iso() + ")");
    return day;
  };
  auto checkVariable = [&](const std::string& term, const std::string& v) {
    const auto table = outputTable();
    const auto it =
        std::find_if(table.begin(), table.end(), [&](const OutputSpec& s) { return s.name == v; });
    if (it == table.end())
      throw bad("--outputs", term,
                "unknown variable '" + v + "'" + didYouMean(v, outputNames()) +
                    " (grainsim describe --outputs lists them)");
    if (it->dims[0] != Dim::time) throw bad("--outputs", term, v + " has no time axis");
  };

  std::vector<SweepOutput> outputs;
  for (const std::string& term : splitTerms(list)) {
    if (term.empty()) throw bad("--outputs", list, "an empty term");
    SweepOutput o;
    o.text = term;
    if (const auto at = term.find('@'); at != std::string::npos) {
      o.variable = trim(term.substr(0, at));
      checkVariable(term, o.variable);
      o.first_day = o.last_day = dayOf(term, term.substr(at + 1));
      o.name = o.variable + "_on_" + nameOf(trim(term.substr(at + 1)));
    } else {
      const auto open = term.find('('), comma = term.find(','), colon = term.find(':');
      if (open == std::string::npos || term.back() != ')' || comma == std::string::npos ||
          colon == std::string::npos || !(open < comma && comma < colon))
        throw bad("--outputs", term,
                  "expected VARIABLE@DATE or mean|min|max(VARIABLE, FIRST:LAST)");
      const std::string fn = trim(term.substr(0, open));
      if (fn == "mean")
        o.reduction = SweepOutput::Reduction::mean;
      else if (fn == "min")
        o.reduction = SweepOutput::Reduction::min;
      else if (fn == "max")
        o.reduction = SweepOutput::Reduction::max;
      else
        throw bad("--outputs", term, "'" + fn + "' is not one of mean, min, max");
      o.variable = trim(term.substr(open + 1, comma - open - 1));
      checkVariable(term, o.variable);
      const std::string first = term.substr(comma + 1, colon - comma - 1);
      const std::string last = term.substr(colon + 1, term.size() - 1 - colon - 1);
      o.first_day = dayOf(term, first);
      o.last_day = dayOf(term, last);
      if (o.last_day < o.first_day) throw bad("--outputs", term, "the range ends before it starts");
      o.name = o.variable + "_" + fn + "_" + nameOf(trim(first)) + "_to_" + nameOf(trim(last));
    }
    for (const auto& seen : outputs)
      if (seen.name == o.name) throw bad("--outputs", term, "named twice");
    outputs.push_back(std::move(o));
  }
  return outputs;
}

std::vector<std::string> parseTrajectoryVariables(const std::string& list) {
  std::vector<std::string> names;
  for (const std::string& v : splitTerms(list)) {
    const auto table = outputTable();
    if (std::none_of(table.begin(), table.end(), [&](const OutputSpec& s) { return s.name == v; }))
      throw bad("--trajectories", v,
                "unknown variable" + didYouMean(v, outputNames()) +
                    " (grainsim describe --outputs lists them)");
    if (std::find(names.begin(), names.end(), v) != names.end())
      throw bad("--trajectories", v, "named twice");
    names.push_back(v);
  }
  return names;
}

}  // namespace grainsim
