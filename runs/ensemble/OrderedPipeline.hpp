/// \brief The pipeline of ensembles and sweeps: items made in parallel, consumed one at a time in
/// index order, with every item in flight owned here so that an early stop frees it.
#pragma once

#include <tbb/parallel_pipeline.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace grainsim {

/// Calls `make(i)` for every i in [0, count) on the calling arena's threads, with at most
/// `tokens` items alive, and `consume(i, item)` on one thread at a time in increasing i.
/// An exception from either stops the pipeline and is rethrown here, after the items in flight
/// are destroyed: TBB hands only indices between its filters (an index needs no allocation),
/// while the items live in slots owned by this function. TBB itself would leak the items it
/// holds when a pipeline is cancelled, as it does not know their type at that point.
template <typename T, typename Make, typename Consume>
void runOrderedPipeline(std::size_t count, std::size_t tokens, Make&& make, Consume&& consume) {
  if (count == 0 || tokens == 0) return;
  // Item i lives in slot i % tokens. That slot is free when i is made: the last filter is
  // serial in order, so the pipeline can hold item i, with at most `tokens` live items, only
  // once item i - tokens has left it.
  std::vector<std::optional<T>> slots(tokens);
  std::size_t next = 0;
  tbb::parallel_pipeline(
      tokens, tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                                  [&](tbb::flow_control& fc) -> std::size_t {
                                                    if (next == count) {
                                                      fc.stop();
                                                      return 0;
                                                    }
                                                    return next++;
                                                  }) &
                  tbb::make_filter<std::size_t, std::size_t>(tbb::filter_mode::parallel,
                                                             [&](std::size_t i) {
                                                               slots[i % tokens].emplace(make(i));
                                                               return i;
                                                             }) &
                  tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order,
                                                      [&](std::size_t i) {
                                                        std::optional<T>& slot = slots[i % tokens];
                                                        T item = std::move(*slot);
                                                        slot.reset();
                                                        consume(i, std::move(item));
                                                      }));
}

}  // namespace grainsim
