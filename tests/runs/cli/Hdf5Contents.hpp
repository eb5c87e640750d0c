/// \brief What an HDF5 file says, for comparing two files: every dataset's and attribute's
/// shape and values, by name. Two runs never write the same bytes: HDF5 stamps every object
/// with the time it was made, the `history` attribute starts with the time of the run (CF
/// conventions) and `date_created` (ACDD) is that time: hdf5Contents() leaves the time out.
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace grainsim::testing {

namespace hdf5_contents {

/// The shape and values of one dataset or attribute (`read` reads it as `type`).
template <typename Read>
std::string valuesOf(hid_t type, hid_t space, Read read) {
  std::string text = "shape";
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank > 0 ? rank : 0));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  for (hsize_t d : dims) text.append(" ").append(std::to_string(d));  // " " + ...: GCC 12 warns
  text += ":";
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  if (H5Tis_variable_str(type) > 0) {
    const hid_t memory = H5Tcopy(type);  // its character set too: no conversion
    std::vector<char*> strings(n, nullptr);
    read(memory, strings.data());
    for (const char* s : strings) text += std::string(s ? s : "") + '\0';
    H5Dvlen_reclaim(memory, space, H5P_DEFAULT, strings.data());
    H5Tclose(memory);
  } else if (H5Tget_class(type) == H5T_VLEN || H5Tdetect_class(type, H5T_REFERENCE) > 0) {
    text += "references";  // dimension scales' links: addresses, not contents
  } else {
    std::string bytes(n * H5Tget_size(type), '\0');
    read(type, bytes.data());
    text += bytes;
  }
  return text;
}

inline herr_t addAttribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto& contents = *static_cast<std::map<std::string, std::string>*>(data);
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute), space = H5Aget_space(attribute);
  char path[1024] = "";
  H5Iget_name(object, path, sizeof path);
  contents[std::string(path) + "@" + name] =
      valuesOf(type, space, [&](hid_t as, void* buffer) { H5Aread(attribute, as, buffer); });
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(attribute);
  return 0;
}

inline herr_t addObject(hid_t file, const char* name, const H5O_info_t* info, void* data) {
  auto& contents = *static_cast<std::map<std::string, std::string>*>(data);
  const hid_t object = H5Oopen(file, name, H5P_DEFAULT);
  if (info->type == H5O_TYPE_DATASET) {
    const hid_t type = H5Dget_type(object), space = H5Dget_space(object);
    contents[std::string("/") + name] = valuesOf(type, space, [&](hid_t as, void* buffer) {
      H5Dread(object, as, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
    H5Sclose(space);
    H5Tclose(type);
  }
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr, addAttribute, data);
  H5Oclose(object);
  return 0;
}

}  // namespace hdf5_contents

/// Every dataset ("/price") and attribute ("/price@units", "/@history") of `file`.
inline std::map<std::string, std::string> hdf5Contents(const std::filesystem::path& file) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error("cannot open " + file.string());
  std::map<std::string, std::string> contents;
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, hdf5_contents::addObject, &contents, H5O_INFO_BASIC);
  H5Fclose(f);
  // "<time> <command line>": keep the command line.
  if (auto history = contents.find("/@history"); history != contents.end())
    history->second.erase(0, history->second.find(' ') + 1);
  contents.erase("/@date_created");
  return contents;
}

}  // namespace grainsim::testing
