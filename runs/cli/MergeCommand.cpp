/// \brief `grainsim merge`: joins the shard files of one sweep into the file the unsharded sweep
/// would have written.
#include <filesystem>
#include <iostream>

#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/sweep/Merge.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

int mergeCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim merge --out FILE [options] SHARD...");
  opts.add_options()("help,h", "show this help")("out", po::value<std::string>()->required(),
                                                 "merged sweep file")(
      "force", "overwrite an existing merged file")("quiet,q", "no summary line")(
      "shards", po::value<std::vector<std::string>>()->composing(),
      "shard files written by grainsim sweep --shard I/N (all N of them)");
  po::positional_options_description positional;
  positional.add("shards", -1);

  po::variables_map vm;
  if (auto stop = parseCommandLine("merge", args, opts, vm, &positional)) return *stop;
  return guardedCommand("merge", [&] {
    if (!vm.count("shards")) throw std::invalid_argument("no shard files given");
    std::vector<std::filesystem::path> shards;
    for (const auto& s : vm["shards"].as<std::vector<std::string>>()) shards.emplace_back(s);
    const std::filesystem::path out = vm["out"].as<std::string>();
    checkOutputPath(out, vm.count("force") > 0);
    checkNotAnInput(out, shards);
    mergeShards(shards, out, vm.count("force") > 0, command_line);
    if (!vm.count("quiet"))
      std::cerr << "grainsim merge: wrote " << out.string() << " from " << shards.size()
                << " shards\n";
    return kExitOk;
  });
}

}  // namespace grainsim::cli
