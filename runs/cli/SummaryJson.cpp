#include "runs/cli/SummaryJson.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "model/Date.hpp"
#include "model/TempFile.hpp"
#include "model/Version.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim::cli {
namespace {

std::string jsonString(std::string_view s) {
  std::string q(1, '"');
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      q += buf;
    } else {
      q += c;
    }
  }
  q += '"';
  return q;
}

/// Shortest text that reads back as the same double; JSON has no NaN: null.
std::string number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// The first day, the first 15 January and the last day of the horizon.
std::vector<int> headlineDays(const RunOutput& out) {
  const Date start = *Date::parse(out.start_date);
  std::vector<int> days{0};
  for (int d = 0; d < out.days; ++d)
    if (start.plusDays(d).iso().substr(5) == "01-15") {
      if (d != 0) days.push_back(d);
      break;
    }
  if (out.days - 1 != days.back()) days.push_back(out.days - 1);
  return days;
}

/// Appends `"key": value` (value already JSON) after a comma unless `first`. Appending, not
/// "..." + std::string: GCC 12 warns falsely (-Wrestrict) on the latter.
void field(std::string& json, std::string_view key, const std::string& value, bool first = false) {
  if (!first) json += ", ";
  json += jsonString(key);
  json += ": ";
  json += value;
}

std::string header(const SummarySource& s) {
  std::string json = "{";
  field(json, "kind", jsonString(s.kind), true);
  field(json, "file", jsonString(s.file));
  field(json, "scenario", jsonString(s.scenario));
  field(json, "seed", std::to_string(s.seed));
  field(json, "grainsim_version", jsonString(codeVersion()));
  json += ",\n \"rows\": [";
  return json;
}

/// One row's identifying fields.
std::string rowStart(const RunOutput& out, int day, std::size_t region, std::string_view variable,
                     const std::string* commodity, std::string_view units) {
  const Date start = *Date::parse(out.start_date);
  std::string row = "\n  {";
  field(row, "date", jsonString(start.plusDays(day).iso()), true);
  field(row, "region", jsonString(out.regions[region]));
  field(row, "variable", jsonString(variable));
  if (commodity) field(row, "commodity", jsonString(*commodity));
  field(row, "units", jsonString(units));
  return row;
}

std::size_t offsetOf(const RunOutput& out, std::string_view name) {
  std::size_t offset = 0;
  for (std::size_t v = 0; v < outputIndex(name); ++v) offset += out.values[v].size();
  return offset;
}

}  // namespace

std::string runSummaryJson(const SummarySource& source, const RunOutput& out) {
  const Series price(out, "price"), insecure(out, "food_insecure_share");
  std::string json = header(source);
  bool first = true;
  for (const int d : headlineDays(out))
    for (std::size_t r = 0; r < out.regions.size(); ++r) {
      for (std::size_t c = 0; c < out.commodities.size(); ++c) {
        if (std::isnan(price(0, 0, c))) continue;  // not sold at retail
        if (!first) json += ",";
        json += rowStart(out, d, r, "price", &out.commodities[c], "KPW/kg");
        field(json, "value", number(price(d, r, c)));
        json += "}";
        first = false;
      }
      if (!first) json += ",";
      json += rowStart(out, d, r, "food_insecure_share", nullptr, "1");
      field(json, "value", number(insecure(d, r)));
      json += "}";
      first = false;
    }
  return json + "\n ]}\n";
}

std::string ensembleSummaryJson(const SummarySource& source, const EnsembleLayout& layout,
                                const EnsembleSummary& s) {
  const RunOutput& co = layout.coordinates;
  const bool compare = !s.effect_quantiles.empty();
  const std::size_t cells = co.flatValues().size();
  const auto& probs = layout.probabilities;
  const std::vector<double>& price_q = compare ? s.relative_quantiles : s.quantiles[0];
  const std::vector<double>& price_m = compare ? s.relative_means : s.means[0];
  const std::vector<double>& share_q = compare ? s.effect_quantiles : s.quantiles[0];
  const std::vector<double>& share_m = compare ? s.effect_means : s.means[0];
  const std::size_t price = offsetOf(co, "price"), share = offsetOf(co, "food_insecure_share");
  const VariableLayout price_at = co.layout("price"), share_at = co.layout("food_insecure_share");
  const auto stats = [&](const std::vector<double>& q, const std::vector<double>& m,
                         std::size_t cell) {
    std::string t;
    field(t, "mean", number(m[cell]));
    std::string quantiles = "{";
    for (std::size_t k = 0; k < probs.size(); ++k) {
      char p[32];
      std::snprintf(p, sizeof p, "%g", probs[k]);
      field(quantiles, p, number(q[k * cells + cell]), k == 0);
    }
    field(t, "quantiles", quantiles + "}");
    return t + "}";
  };
  std::string json = header(source);
  bool first = true;
  for (const int d : headlineDays(co))
    for (std::size_t r = 0; r < co.regions.size(); ++r) {
      for (std::size_t c = 0; c < co.commodities.size(); ++c) {
        if (std::isnan(s.means[0][price + price_at.at(0, 0, c)])) continue;  // not at retail
        const std::size_t cell = price + price_at.at(d, r, c);
        if (!first) json += ",";
        json += rowStart(co, d, r, compare ? "price_relative_effect" : "price", &co.commodities[c],
                         compare ? "1" : "KPW/kg");
        json += stats(price_q, price_m, cell);
        first = false;
      }
      if (!first) json += ",";
      json += rowStart(co, d, r, compare ? "food_insecure_share_effect" : "food_insecure_share",
                       nullptr, "1");
      json += stats(share_q, share_m, share + share_at.at(d, r));
      first = false;
    }
  return json + "\n ]}\n";
}

void writeSummaryJson(const std::filesystem::path& path, const std::string& text, bool overwrite) {
  checkOutputPath(path, overwrite);
  try {
    int fd = -1;
    TempFile tmp = createTempFor(path, [&](const std::filesystem::path& candidate) {
      fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd >= 0) return true;
      if (errno == EEXIST) return false;
      throw std::runtime_error(std::string("create a temporary file: ") + std::strerror(errno));
    });
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int e = errno;
        ::close(fd);
        throw std::runtime_error(std::string("write: ") + std::strerror(e));
      }
      written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw std::runtime_error(std::string("close: ") + std::strerror(errno));
    checkOutputPath(path, overwrite);  // another process may have created it meanwhile
    renameOver(tmp, path);
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(path, e);
  }
}

}  // namespace grainsim::cli
