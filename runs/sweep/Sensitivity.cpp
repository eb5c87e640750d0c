#include "runs/sweep/Sensitivity.hpp"

#include <tbb/parallel_for.h>

#include "model/Version.hpp"
#include "runs/output/Hdf5Write.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace h5 = hdf5;
namespace fs = std::filesystem;

SensitivityReport analyseSweep(const fs::path& sweep_file, const SensitivitySettings& settings) {
  const SweepReader reader(sweep_file);
  SensitivityReport report{sweep_file, reader.layout(), settings, {}};
  const SweepLayout& l = report.layout;
  const std::string name = h5::quoted(sweep_file);
  if (l.design != "sobol")
    throw OutputError("sensitivity: " + name + " is a " + l.design +
                      " sweep; Sobol indices need --design sobol (Saltelli sampling)");
  if (!l.shard.whole() || l.points.size() != l.total_points)
    throw OutputError("sensitivity: " + name + " is shard " + l.shard.text() +
                      " of a sweep; grainsim merge joins the shards first");
  const std::size_t k = l.parameter_names.size(), n = l.samples, points = l.points.size();
  const std::size_t replicates = l.replicates;
  for (std::size_t v = 0; v < l.variables.size(); ++v) {
    const SweepVariable& var = l.variables[v];
    if (!var.dims.empty() && var.dims.front() == Dim::time) continue;  // a trajectory
    const std::size_t cells = l.cells(var);
    const std::vector<double> values = reader.variable(v);  // point x replicate x cell
    OutputSensitivity out{var, std::vector<SobolIndices>(cells)};
    tbb::parallel_for(std::size_t{0}, cells, [&](std::size_t c) {
      std::vector<double> y(points);
      for (std::size_t p = 0; p < points; ++p) {
        double sum = 0;
        for (std::size_t r = 0; r < replicates; ++r)
          sum += values[(p * replicates + r) * cells + c];
        y[p] = sum / static_cast<double>(replicates);
      }
      out.cells[c] =
          sobolIndices(y, n, k, settings.resamples, settings.confidence, settings.bootstrap_seed);
    });
    report.outputs.push_back(std::move(out));
  }
  return report;
}

void writeSensitivityFile(const SensitivityReport& report, const fs::path& out, bool overwrite,
                          const std::string& command_line) {
  checkOutputPath(out, overwrite);
  TempFile tmp;
  try {
    h5::SilenceErrors quiet;
    const SweepLayout& l = report.layout;
    h5::File file = h5::createTempFile(out, tmp);
    const hid_t f = file.get();
    {
      h5::ModelScales model(f, l.coordinates);
      h5::Dataset parameter =
          h5::writeNames(f, "parameter", l.parameter_names, "swept scenario parameter");
      const h5::Axis p_axis{parameter.get(), "parameter", l.parameter_names.size()};
      h5::PropList dcpl = h5::datasetCreation();
      const std::size_t k = l.parameter_names.size();
      for (const OutputSensitivity& o : report.outputs) {
        std::vector<h5::Axis> cell_axes;
        for (const Dim d : o.variable.dims) cell_axes.push_back(model.axis(d));
        std::vector<h5::Axis> axes = {p_axis};
        axes.insert(axes.end(), cell_axes.begin(), cell_axes.end());
        const std::size_t cells = o.cells.size();
        struct Field {
          const char* suffix;
          std::vector<double> SobolIndices::*values;
          const char* what;
        };
        const Field fields[] = {
            {"_S1", &SobolIndices::first, "first-order Sobol index (Saltelli 2010)"},
            {"_S1_low", &SobolIndices::first_low, "first-order index, bootstrap lower bound"},
            {"_S1_high", &SobolIndices::first_high, "first-order index, bootstrap upper bound"},
            {"_ST", &SobolIndices::total, "total Sobol index (Jansen 1999)"},
            {"_ST_low", &SobolIndices::total_low, "total index, bootstrap lower bound"},
            {"_ST_high", &SobolIndices::total_high, "total index, bootstrap upper bound"}};
        for (const Field& field : fields) {
          std::vector<double> values(k * cells);
          for (std::size_t c = 0; c < cells; ++c)
            for (std::size_t i = 0; i < k; ++i)
              values[i * cells + c] = (o.cells[c].*field.values)[i];
          h5::Dataset ds =
              h5::writeVariable(f, o.variable.name + field.suffix, axes, dcpl.get(), values, "1",
                                std::string(field.what) + " of " + o.variable.output);
        }
        std::vector<double> variance(cells), rows(cells);
        for (std::size_t c = 0; c < cells; ++c) {
          variance[c] = o.cells[c].variance;
          rows[c] = static_cast<double>(o.cells[c].rows_used);
        }
        h5::writeVariable(f, o.variable.name + "_variance", cell_axes, dcpl.get(), variance,
                          "(" + o.variable.units + ")^2",
                          "variance of " + o.variable.output + " over the design (A and B)");
        h5::writeVariable(f, o.variable.name + "_rows_used", cell_axes, dcpl.get(), rows, "1",
                          "Saltelli base samples without a failed or NaN point");
      }
      h5::writeRootHeader(
          f, {.kind = "sensitivity",
              .title = "grainsim sensitivity: " + l.scenario_name,
              .summary = "First-order and total Sobol indices, with bootstrap intervals, of the "
                         "outputs of a sobol sweep over " +
                         std::to_string(l.parameter_names.size()) + " parameters of scenario '" +
                         l.scenario_name + "'.",
              .command_line = command_line,
              .version = std::string(codeVersion())});
      h5::writeText(f, "sweep_file", report.source.string());
      h5::writeText(f, "estimators",
                    "S1: Saltelli et al. (2010); ST: Jansen (1999); bootstrap percentile "
                    "intervals over the Saltelli base samples");
      h5::writeUInt(f, "resamples", static_cast<std::uint32_t>(report.settings.resamples));
      h5::writeDouble(f, "confidence", report.settings.confidence);
      h5::writeUInt(f, "bootstrap_seed", report.settings.bootstrap_seed);
      h5::writeUInt(f, "base_samples", l.samples);
      h5::writeUInt(f, "replicates", l.replicates);
      h5::writeUInt(f, "seed", l.seed);
      h5::writeUInt(f, "design_seed", l.design_seed);
      h5::writeText(f, "sweep_fingerprint", l.fingerprint);
      h5::writeText(f, "scenario_name", l.scenario_name);
      h5::writeText(f, "scenario", l.scenario_text);
      h5::linkTidyGroups(f);
      parameter.close("close parameter");
      model.close();
    }
    file.close("close the file");
    checkOutputPath(out, overwrite);  // another process may have created it meanwhile
    renameOver(tmp, out);
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(out, e);
  }
}

}  // namespace grainsim
