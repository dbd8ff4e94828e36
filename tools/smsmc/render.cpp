#include "render/graphviz.h"
#include "render/machines.h"
#include "render/sequence.h"
#include "statemachines/registry.h"
#include "tools/smsmc/commands.h"
#include "trace/replay.h"

#include <fmt/core.h>

#include <filesystem>
#include <memory>

namespace smsmc::cli {


namespace {
struct RenderArgs {
  std::string file;
  std::string out;
  bool machines = false;
  std::string format = "svg";
  int group_above = render::SequenceOptions{}.group_logon_servers_above;
  bool ignore_fingerprint = false;
  std::uint64_t max_input_size = 0;
};

int run_render(const RenderArgs& args) {
  if (args.out.empty()) throw UsageError("render needs -o FILE (or -o DIR with --machines)");
  try {
    if (args.machines) {
      const render::Format format = render::format_for("x." + args.format);
      std::map<int, render::MachinePath> paths;
      if (!args.file.empty()) paths = render::machine_paths(load_and_replay(args.file, args.ignore_fingerprint, args.max_input_size));
      std::filesystem::create_directories(args.out);
      const sm::Registry& registry = sm::Registry::protocol();
      for (int service = 0; service < registry.size(); ++service) {
        const sm::MachineInfo& info = registry.machine(service);
        auto path = paths.find(service);
        const std::string dot = render::machine_dot(info, path == paths.end() ? nullptr : &path->second);
        const std::string file = fmt::format("{}/{}.{}", args.out, info.name, render::extension(format));
        render::render_to_file(dot, file);
        fmt::print("{}\n", file);
      }
      return exit_holds;
    }
    if (args.file.empty()) throw UsageError("render needs a trace file (or --machines)");
    const render::Format format = render::format_for(args.out);  // before replaying: fail fast on a bad name
    (void)format;
    const trace::Replay replay = load_and_replay(args.file, args.ignore_fingerprint, args.max_input_size);
    render::SequenceOptions options;
    options.group_logon_servers_above = args.group_above;
    render::render_to_file(render::sequence_dot(replay, options), args.out);
    fmt::print("{}\n", args.out);
    return exit_holds;
  } catch (const render::RenderError& e) {
    throw UsageError(e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    throw UsageError(e.what());
  }
}
}  // namespace

void add_render(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RenderArgs>();
  CLI::App* cmd = app.add_subcommand(
      "render", "Draw a trace as a message sequence diagram (-o out.svg|.png|.dot), or every service's state machine "
                "(--machines -o DIR, the trace's path marked when a trace is given)");
  cmd->add_option("file", args->file, "Trace file (JSON); optional with --machines");
  cmd->add_option("-o,--output", args->out, "Output file (.svg, .png, .dot), or folder with --machines");
  cmd->add_flag("--machines", args->machines, "Draw the state machines from their transition tables");
  cmd->add_option("--format", args->format, "With --machines: svg, png or dot")
      ->check(CLI::IsMember({"svg", "png", "dot"}))
      ->capture_default_str();
  cmd->add_option("--group-logon-servers-above", args->group_above,
                  "Draw a site's logon servers on one lifeline when there are more than this many")
      ->capture_default_str();
  cmd->add_flag("--ignore-fingerprint", args->ignore_fingerprint,
                "Draw a trace recorded against other transition tables if it still replays");
  add_max_input_size(cmd, args->max_input_size);
  cmd->callback([args, &exit_code] { exit_code = run_render(*args); });
}

}  // namespace smsmc::cli
