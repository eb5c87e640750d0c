#include "model/TextFile.hpp"

namespace grainsim {

namespace fs = std::filesystem;

std::string_view withoutByteOrderMark(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

std::optional<std::string> notReadableBecause(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows links, as opening would
  switch (status.type()) {
    case fs::file_type::regular:
      return std::nullopt;
    case fs::file_type::not_found:
      return "does not exist";
    case fs::file_type::directory:
      return "is a directory, not a file";
    case fs::file_type::fifo:
      return "is not a regular file (a FIFO)";
    case fs::file_type::character:
    case fs::file_type::block:
      return "is not a regular file (a device)";
    case fs::file_type::socket:
      return "is not a regular file (a socket)";
    default:
      return ec ? "cannot be read (" + ec.message() + ")" : "is not a regular file";
  }
}

}  // namespace grainsim
