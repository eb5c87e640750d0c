/// \brief libFuzzer target: merge's and sensitivity's reader on crafted sweep files.
///
/// HDF5's own parser is not what is fuzzed (a mutated superblock exercises libhdf5, whose
/// bugs are not ours to fix). Instead each input is a list of edits, applied with the HDF5
/// API to a copy of a real sweep file: an attribute replaced by another type or value, or
/// removed; a dataset replaced by one of another length, or removed. That is what a crafted
/// or foreign file looks like to grainsim's reader (issue 16, item 6); it must end in an
/// exception (exit 2 in the executable), never in a crash, a sanitizer report or a huge
/// allocation. The real files come from $GRAINSIM_FUZZ_SWEEP: shard-0.h5 and shard-1.h5 of a
/// two-shard sobol sweep, and sweep.h5, the same sweep unsharded (scripts/fuzz.sh makes them).
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "runs/output/Hdf5Handle.hpp"
#include "runs/sweep/Merge.hpp"
#include "runs/sweep/Sensitivity.hpp"

namespace fs = std::filesystem;
namespace h5 = grainsim::hdf5;

namespace {

/// Reads the fuzz input front to back; past its end every read gives zeros.
class Bytes {
 public:
  explicit Bytes(std::span<const std::uint8_t> data) : data_(data) {}
  bool empty() const { return next_ >= data_.size(); }
  std::uint8_t byte() { return empty() ? 0 : data_[next_++]; }
  std::uint64_t word() {
    std::uint64_t w = 0;
    for (int i = 0; i < 8; ++i) w = (w << 8) | byte();
    return w;
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t next_ = 0;
};

/// The name of the index-th attribute of the root group (in name order), or of its index-th
/// link; empty when there is none.
std::string attributeName(hid_t file, hsize_t index) {
  H5O_info_t info;
  if (H5Oget_info2(file, &info, H5O_INFO_NUM_ATTRS) < 0 || info.num_attrs == 0) return {};
  index %= info.num_attrs;
  char name[256] = {};
  if (H5Aget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, index, name, sizeof name,
                         H5P_DEFAULT) < 0)
    return {};
  return name;
}

std::string linkName(hid_t file, hsize_t index) {
  H5G_info_t info;
  if (H5Gget_info(file, &info) < 0 || info.nlinks == 0) return {};
  index %= info.nlinks;
  char name[256] = {};
  if (H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, index, name, sizeof name,
                         H5P_DEFAULT) < 0)
    return {};
  return name;
}

/// A scalar attribute of one of four types, or a fixed-length string, from the input.
void writeAttribute(hid_t file, const std::string& name, Bytes& in) {
  H5Adelete(file, name.c_str());
  h5::Dataspace scalar(H5Screate(H5S_SCALAR), "scalar");
  const std::uint8_t kind = in.byte() % 4;
  const std::uint64_t w = in.word();
  if (kind == 3) {
    std::string text(1 + w % 40, '\0');
    for (char& c : text) c = static_cast<char>(in.byte());
    h5::Datatype type(H5Tcopy(H5T_C_S1), "string type");
    H5Tset_size(type.get(), text.size());
    h5::Attribute attr(
        H5Acreate2(file, name.c_str(), type.get(), scalar.get(), H5P_DEFAULT, H5P_DEFAULT),
        "attribute");
    H5Awrite(attr.get(), type.get(), text.data());
    return;
  }
  const hid_t type = kind == 0   ? H5T_NATIVE_INT64
                     : kind == 1 ? H5T_NATIVE_UINT32
                                 : H5T_NATIVE_DOUBLE;
  h5::Attribute attr(H5Acreate2(file, name.c_str(), type, scalar.get(), H5P_DEFAULT, H5P_DEFAULT),
                     "attribute");
  if (kind == 2) {
    double d;
    std::memcpy(&d, &w, sizeof d);
    H5Awrite(attr.get(), type, &d);
  } else {
    H5Awrite(attr.get(), type, &w);  // little-endian: uint32 takes the low half
  }
}

/// A one-dimensional dataset of doubles of 0..4095 values from the input, in place of `name`.
void writeDataset(hid_t file, const std::string& name, Bytes& in) {
  if (H5Ldelete(file, name.c_str(), H5P_DEFAULT) < 0) return;
  const hsize_t n = (static_cast<hsize_t>(in.byte()) << 4 | in.byte()) % 4096;
  std::vector<double> values(n);
  for (double& v : values) v = static_cast<double>(in.byte()) - 8;
  h5::Dataspace space(H5Screate_simple(1, &n, nullptr), "space");
  h5::Dataset ds(H5Dcreate2(file, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 "dataset");
  if (n > 0) H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
}

/// Applies up to 8 edits from the input to the file at `path`.
void edit(const fs::path& path, Bytes& in) {
  h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open copy");
  for (int k = 0; k < 8 && !in.empty(); ++k) {
    const std::uint8_t op = in.byte() % 4;
    const std::uint8_t index = in.byte();
    if (op < 2) {
      const std::string name = attributeName(file.get(), index);
      if (name.empty()) continue;
      if (op == 0)
        writeAttribute(file.get(), name, in);
      else
        H5Adelete(file.get(), name.c_str());
    } else {
      const std::string name = linkName(file.get(), index);
      if (name.empty()) continue;
      if (op == 2)
        writeDataset(file.get(), name, in);
      else
        H5Ldelete(file.get(), name.c_str(), H5P_DEFAULT);
    }
  }
  file.close("close copy");
}

/// A private folder for the copies and outputs of one fuzzing process, removed at exit.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "fuzz-sweep-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

fs::path templates() {
  const char* dir = std::getenv("GRAINSIM_FUZZ_SWEEP");
  if (dir == nullptr || !fs::exists(fs::path(dir) / "sweep.h5")) {
    std::cerr << "FuzzSweepReader: set GRAINSIM_FUZZ_SWEEP to a folder holding shard-0.h5, "
                 "shard-1.h5 and sweep.h5 (scripts/fuzz.sh makes them)\n";
    std::exit(2);
  }
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failed calls are expected; stay quiet
  (void)templates();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path from = templates();
  static Scratch scratch;
  Bytes in({data, size});
  const bool merge = in.byte() % 2 == 0;
  const fs::path copy = scratch.dir() / "edited.h5", out = scratch.dir() / "out.h5";
  fs::copy_file(from / (merge ? "shard-0.h5" : "sweep.h5"), copy,
                fs::copy_options::overwrite_existing);
  try {
    edit(copy, in);
    if (merge) {
      grainsim::mergeShards({copy, from / "shard-1.h5"}, out, true, "fuzz");
    } else {
      grainsim::SensitivitySettings settings;
      settings.resamples = 20;
      (void)grainsim::analyseSweep(copy, settings);
    }
  } catch (const std::exception&) {
    // A clean refusal: what the reader must do with a file it cannot trust.
  }
  // A refusal must close every handle it opened: one left open keeps the file open inside
  // HDF5, and the next input's copy would be read through that stale open file.
  if (const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); open != 0) {
    std::cerr << "FuzzSweepReader: " << open << " HDF5 handle(s) left open after this input\n";
    std::abort();
  }
  std::error_code ignored;
  fs::remove(out, ignored);
  return 0;
}
