/// \brief Move-only RAII owners for HDF5 identifiers, plus a scope that mutes HDF5's error
/// printing.
#pragma once

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace grainsim::hdf5 {

namespace detail {

inline herr_t keepInnermost(unsigned, const H5E_error2_t* err, void* out) {
  if (err->desc) *static_cast<std::string*>(out) = err->desc;
  return 0;
}

/// Most specific message on HDF5's error stack (e.g. the errno text of a failed open), or "".
/// A failed read or write of the file driver reports a long record (time, descriptor, buffer,
/// ..., error message = '<strerror>', ...); of that, only the OS's error text is kept.
inline std::string innermostError() {
  std::string desc;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keepInnermost, &desc);
  constexpr std::string_view kOsError = "error message = '";
  if (const auto at = desc.find(kOsError); at != std::string::npos) {
    const auto from = at + kOsError.size();
    if (const auto to = desc.find('\'', from); to != std::string::npos)
      return desc.substr(0, desc.find_first_of(":(")) + ": " + desc.substr(from, to - from);
  }
  return desc;
}

[[noreturn]] inline void fail(std::string_view what) {
  std::string msg = "HDF5 failed to " + std::string(what);
  if (std::string detail = innermostError(); !detail.empty()) msg += " (" + detail + ")";
  throw std::runtime_error(msg);
}

}  // namespace detail

/// Throws std::runtime_error naming `what` if an HDF5 call reported failure (negative status).
inline void check(herr_t status, std::string_view what) {
  if (status < 0) detail::fail(what);
}

/// Owns one hid_t and closes it with `Close`; a negative id is rejected at construction.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle(hid_t id, std::string_view what) : id_(id) {
    if (id < 0) detail::fail(what);
  }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }

  /// Closes now and throws on failure; the destructor has to ignore it. Matters for files,
  /// whose close flushes the data.
  void close(std::string_view what) { check(Close(std::exchange(id_, H5I_INVALID_HID)), what); }

 private:
  void reset() noexcept {
    if (id_ >= 0) Close(std::exchange(id_, H5I_INVALID_HID));
  }

  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropList = Handle<H5Pclose>;
using Group = Handle<H5Gclose>;

/// While alive, HDF5 does not print its error stack; failures surface as our exceptions instead.
/// The previous handler is restored on exit.
class SilenceErrors {
 public:
  SilenceErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~SilenceErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  SilenceErrors(const SilenceErrors&) = delete;
  SilenceErrors& operator=(const SilenceErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

}  // namespace grainsim::hdf5
