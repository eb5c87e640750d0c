/// \brief The one error type for bad scenario input: names the file, key, value and rule.
#pragma once

#include <stdexcept>
#include <string>

#include "model/ShownText.hpp"

namespace grainsim {

class ScenarioError : public std::runtime_error {
 public:
  /// where: a file path (or "--set", "command line"); key: parameter, or "column X, row N".
  /// The key and value are shown cut to kShownChars (they may be anything the user wrote).
  ScenarioError(const std::string& where, const std::string& key, const std::string& value,
                const std::string& rule)
      : std::runtime_error(where + ": " + shownText(key) + " = '" + shownText(value) +
                           "': " + rule) {}
  explicit ScenarioError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace grainsim
