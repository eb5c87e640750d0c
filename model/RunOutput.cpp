#include "model/RunOutput.hpp"

namespace grainsim {

std::size_t RunOutput::dimSize(Dim d) const {
  switch (d) {
    case Dim::time:
      return static_cast<std::size_t>(days);
    case Dim::region:
      return regions.size();
    case Dim::commodity:
      return commodities.size();
    case Dim::tier:
      return tiers.size();
    case Dim::quintile:
      return kQuintiles;
  }
  return 0;
}

}  // namespace grainsim

namespace grainsim {

VariableLayout RunOutput::layout(std::string_view name) const {
  const OutputSpec& spec = outputTable()[outputIndex(name)];
  VariableLayout l;
  for (int d = 1; d < spec.rank; ++d) l.per_day *= dimSize(spec.dims[d]);
  l.inner = spec.rank == 3 ? dimSize(spec.dims[2]) : 1;
  return l;
}

std::vector<double> RunOutput::flatValues() const {
  std::vector<double> flat;
  for (const auto& v : values) flat.insert(flat.end(), v.begin(), v.end());
  return flat;
}

}  // namespace grainsim
