/// \brief Parsing, checking and inverting the documented priors (model/Prior.hpp).
#include "model/Prior.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <vector>

#include "model/CsvTable.hpp"
#include "model/Date.hpp"
#include "model/ScenarioError.hpp"

namespace grainsim {
namespace {

constexpr const char* kAllowed =
    " (allowed: uniform(a, b); loguniform(a, b) with 0 < a; normal(mean, sd), truncated to the "
    "key's bounds; triangular(min, mode, max); date_uniform(YYYY-MM-DD, YYYY-MM-DD) for date "
    "keys)";

std::string_view trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// `name(arg, ...)` split into its name and trimmed arguments.
struct Call {
  std::string name;
  std::vector<std::string> args;
};

std::optional<Call> splitCall(std::string_view text) {
  const std::string_view t = trimmed(text);
  std::size_t i = 0;
  const auto isIdent = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  if (t.empty() || !(std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_'))
    return std::nullopt;
  while (i < t.size() && isIdent(t[i])) ++i;
  Call call{std::string(t.substr(0, i)), {}};
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
  if (i >= t.size() || t[i] != '(' || t.back() != ')') return std::nullopt;
  std::string_view inner = t.substr(i + 1, t.size() - i - 2);
  for (;;) {
    const auto comma = inner.find(',');
    call.args.emplace_back(trimmed(inner.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return call;
}

[[noreturn]] void failPrior(const std::string& origin, const std::string& key,
                            const std::string& text, const std::string& rule) {
  throw ScenarioError(origin, key, text, rule + kAllowed);
}

std::string formatFull(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

bool Prior::looksLikePrior(std::string_view text) {
  return splitCall(text).has_value();
}

std::optional<Prior> Prior::parse(const std::string& origin, const std::string& key,
                                  const std::string& text, const std::string& unit, bool date_key,
                                  double lo, double hi) {
  const auto call = splitCall(text);
  if (!call) return std::nullopt;
  const auto fail = [&](const std::string& rule) { failPrior(origin, key, text, rule); };

  Prior p;
  p.origin_ = origin;
  p.key_ = key;
  p.text_ = text;
  p.unit_ = unit;
  std::size_t arity = 2;
  if (call->name == "uniform") {
    p.kind_ = Kind::uniform;
  } else if (call->name == "loguniform") {
    p.kind_ = Kind::loguniform;
  } else if (call->name == "normal") {
    p.kind_ = Kind::normal;
  } else if (call->name == "triangular") {
    p.kind_ = Kind::triangular;
    arity = 3;
  } else if (call->name == "date_uniform") {
    p.kind_ = Kind::date_uniform;
  } else {
    fail("unknown distribution '" + call->name + "'");
  }
  if (date_key && p.kind_ != Kind::date_uniform)
    fail("a date key takes date_uniform(YYYY-MM-DD, YYYY-MM-DD), not " + call->name);
  if (!date_key && p.kind_ == Kind::date_uniform)
    fail("date_uniform is for date keys; this key takes a number");
  if (call->args.size() != arity)
    fail(call->name + " takes " + std::to_string(arity) + " arguments, not " +
         std::to_string(call->args.size()));

  double x[3] = {0, 0, 0};
  for (std::size_t i = 0; i < arity; ++i) {
    const std::string& arg = call->args[i];
    const std::string which = "argument " + std::to_string(i + 1) + " ('" + arg + "')";
    if (p.kind_ == Kind::date_uniform) {
      const auto d = Date::parse(arg);
      if (!d)
        fail(which + " is not a date YYYY-MM-DD");
      else
        x[i] = d->days_since_epoch;
    } else if (!parseFiniteNumber(arg, x[i])) {
      fail(which + " is not a finite number");
    }
  }
  p.a_ = x[0];
  p.b_ = x[1];
  p.c_ = x[2];

  const auto requireSupportInBounds = [&](double from, double to) {
    if (from < lo || to > hi)
      fail("its support [" + formatFull(from) + ", " + formatFull(to) +
           "] must lie in the key's bounds [" + formatFull(lo) + ", " + formatFull(hi) + "]");
  };
  switch (p.kind_) {
    case Kind::uniform:
      if (!(p.a_ < p.b_)) fail("uniform(a, b) needs a < b");
      requireSupportInBounds(p.a_, p.b_);
      break;
    case Kind::loguniform:
      if (!(0 < p.a_ && p.a_ < p.b_)) fail("loguniform(a, b) needs 0 < a < b");
      requireSupportInBounds(p.a_, p.b_);
      break;
    case Kind::triangular:
      if (!(p.a_ <= p.b_ && p.b_ <= p.c_ && p.a_ < p.c_))
        fail("triangular(min, mode, max) needs min <= mode <= max and min < max");
      requireSupportInBounds(p.a_, p.c_);
      break;
    case Kind::normal: {
      if (!(p.b_ > 0)) fail("normal(mean, sd) needs sd > 0");
      if (p.a_ < lo || p.a_ > hi)
        fail("the mean must lie in the key's bounds [" + formatFull(lo) + ", " + formatFull(hi) +
             "], to which the normal is truncated");
      // Tail probabilities at the bounds, from Boost.Math, computed once.
      const boost::math::normal_distribution<double> n(p.a_, p.b_);
      p.lo_ = lo;
      p.hi_ = hi;
      p.below_lo_ = std::isfinite(lo) ? boost::math::cdf(n, lo) : 0.0;
      p.above_lo_ = std::isfinite(lo) ? boost::math::cdf(boost::math::complement(n, lo)) : 1.0;
      p.below_hi_ = std::isfinite(hi) ? boost::math::cdf(n, hi) : 1.0;
      p.above_hi_ = std::isfinite(hi) ? boost::math::cdf(boost::math::complement(n, hi)) : 0.0;
      break;
    }
    case Kind::date_uniform:
      if (p.a_ > p.b_) fail("date_uniform(d1, d2) needs d1 <= d2");
      break;
  }
  return p;
}

const std::string& Prior::key() const {
  return key_;
}
const std::string& Prior::text() const {
  return text_;
}
const std::string& Prior::origin() const {
  return origin_;
}
const std::string& Prior::unit() const {
  return unit_;
}
Prior::Kind Prior::kind() const {
  return kind_;
}
bool Prior::isDate() const {
  return kind_ == Kind::date_uniform;
}

double Prior::quantile(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  switch (kind_) {
    case Kind::uniform:
      // Written as a weighted mean so that u = 0 and u = 1 give a and b exactly.
      return std::clamp((1 - u) * a_ + u * b_, a_, b_);
    case Kind::loguniform:
      if (u == 0) return a_;
      if (u == 1) return b_;
      return std::clamp(a_ * std::pow(b_ / a_, u), a_, b_);
    case Kind::triangular: {
      const double width = c_ - a_;
      const double x = u * width < b_ - a_ ? a_ + std::sqrt(u * width * (b_ - a_))
                                           : c_ - std::sqrt((1 - u) * width * (c_ - b_));
      return std::clamp(x, a_, c_);
    }
    case Kind::normal: {
      if (u == 0) return lo_;
      if (u == 1) return hi_;
      // Inverse CDF on the truncated range: map u into [F(lo), F(hi)] and invert the
      // untruncated normal there, through whichever tail is smaller so no precision is lost.
      const boost::math::normal_distribution<double> n(a_, b_);
      const double below = below_lo_ + u * (below_hi_ - below_lo_);
      double x = 0;
      if (below <= 0.5) {
        x = below > 0 ? boost::math::quantile(n, below) : lo_;
      } else {
        const double above = above_hi_ + (1 - u) * (above_lo_ - above_hi_);
        x = above > 0 ? boost::math::quantile(boost::math::complement(n, above)) : hi_;
      }
      return std::clamp(x, lo_, hi_);
    }
    case Kind::date_uniform: {
      // Day d1 + k for u in [k/n, (k+1)/n): every day of the n equally likely.
      const double days = b_ - a_ + 1;
      return std::min(a_ + std::floor(u * days), b_);
    }
  }
  return a_;
}

std::string Prior::format(double value) const {
  if (isDate()) return Date{static_cast<int>(std::floor(value))}.iso();
  return formatFull(value);
}

}  // namespace grainsim
