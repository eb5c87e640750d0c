/// \brief Reading single attributes and object addresses of an HDF5 file in tests.
#pragma once

#include <hdf5.h>

#include <string>

namespace grainsim::testing {

/// Text of string attribute `name` of object `path` in `file` ("" if absent).
inline std::string textAttribute(hid_t file, const char* path, const char* name) {
  if (H5Aexists_by_name(file, path, name, H5P_DEFAULT) <= 0) return "";
  const hid_t attr = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attr);
  std::string text(H5Tget_size(type), '\0');
  H5Aread(attr, type, text.data());
  text.erase(text.find_last_not_of('\0') + 1);
  H5Tclose(type);
  H5Aclose(attr);
  return text;
}

/// The HDF5 object address behind `path`: equal for two hard links to one dataset.
inline haddr_t addressOf(hid_t file, const char* path) {
  H5O_info_t info;
  if (H5Oget_info_by_name(file, path, &info, H5P_DEFAULT) < 0) return HADDR_UNDEF;
  return info.addr;
}

}  // namespace grainsim::testing
