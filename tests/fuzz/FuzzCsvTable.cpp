/// \brief libFuzzer target: the CSV reader (model/CsvTable) on arbitrary bytes. A malformed
/// table must end in ScenarioError, never in a crash, a sanitizer report or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/CsvTable.hpp"
#include "model/ScenarioError.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const grainsim::CsvTable table("fuzz.csv", text);
    // Read every cell every way a table is read, so the accessors are fuzzed too.
    for (std::size_t row = 0; row < table.rows(); ++row)
      for (const std::string& column : table.columns()) {
        try {
          (void)table.text(row, column);
          (void)table.number(row, column, -1e300, 1e300);
        } catch (const grainsim::ScenarioError&) {
        }
        try {
          (void)table.integer(row, column, -1000000, 1000000);
        } catch (const grainsim::ScenarioError&) {
        }
        try {
          (void)table.date(row, column);
        } catch (const grainsim::ScenarioError&) {
        }
      }
    (void)table.findRow("Pyongyang");
  } catch (const grainsim::ScenarioError&) {
  }
  return 0;
}
