#include "model/ShownText.hpp"

namespace grainsim {

std::string shownText(std::string_view text) {
  if (text.size() <= kShownChars) return std::string(text);
  std::size_t cut = kShownChars;
  // Back up over UTF-8 continuation bytes (10xxxxxx), so the cut falls between characters.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace grainsim
