// `smsmc sweep`: M* of each variant as one duration varies, one row per
// value, optionally drawn with gnuplot (one curve per variant).
#include "spec/threshold.h"
#include "spec/variants.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/timed.h"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace smsmc::cli {

namespace {

struct SweepArgs {
  std::vector<std::string> variants;
  std::string over;  // NAME=A..B[:STEP], NAME may end in .lo or .hi
  std::string plot;
  int sites = 1;
  int max_m = 64;
  TimingArgs timing;
  bool json = false;
};

struct Over {
  std::string name;
  enum { both, lo, hi } end = both;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::int64_t step = 1;
};

Over parse_over(const std::string& text, const spec::TimingProfile& profile) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) throw UsageError("--over " + text + ": expected NAME=A..B[:STEP]");
  Over out;
  out.name = text.substr(0, eq);
  if (profile.values.count(out.name) == 0) {
    const auto suffix = [&](const char* s) {
      const std::string sfx = s;
      return out.name.size() > sfx.size() && out.name.compare(out.name.size() - sfx.size(), sfx.size(), sfx) == 0;
    };
    if (suffix(".lo")) out.end = Over::lo;
    if (suffix(".hi")) out.end = Over::hi;
    if (out.end != Over::both) out.name.resize(out.name.size() - 3);
  }
  if (profile.values.count(out.name) == 0)
    throw UsageError("--over: unknown duration '" + out.name + "' (see `smsmc timing`)");
  std::string range = text.substr(eq + 1);
  const std::size_t colon = range.find(':');
  try {
    if (colon != std::string::npos) {
      const spec::Duration step = spec::parse_duration(range.substr(colon + 1), "--over step");
      if (step.lo != step.hi || step.lo < 1) throw UsageError("--over: the step must be a whole number >= 1");
      out.step = step.lo;
      range.resize(colon);
    }
    const spec::Duration span = spec::parse_duration(range, "--over");
    if (span.hi == spec::Duration::unbounded) throw UsageError("--over: the range must be finite");
    out.from = span.lo;
    out.to = span.hi;
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if ((out.to - out.from) / out.step > 100000) throw UsageError("--over: more than 100,000 values");
  return out;
}

std::string unit_label(const Over& over) {
  return over.name + (over.end == Over::lo ? " lo" : over.end == Over::hi ? " hi" : "") + " (s)";
}

void plot(const std::string& file, const Over& over, const std::vector<const spec::Variant*>& variants,
          const std::vector<std::int64_t>& xs, const std::vector<std::vector<std::optional<int>>>& m_star, int max_m,
          const std::string& profile) {
  namespace fs = std::filesystem;
  const fs::path data = fs::temp_directory_path() / fmt::format("smsmc-sweep-{}.dat", static_cast<long>(getpid()));
  const fs::path script = fs::temp_directory_path() / fmt::format("smsmc-sweep-{}.gp", static_cast<long>(getpid()));
  {
    std::ofstream out(data);
    for (std::size_t v = 0; v < variants.size(); ++v) {
      out << "# " << variants[v]->name << "\n";
      for (std::size_t i = 0; i < xs.size(); ++i) {
        // Race-free for every M <= max_m is drawn above the axis's last M.
        out << xs[i] << " " << (m_star[v][i] ? *m_star[v][i] : max_m + 1) << "\n";
      }
      out << "\n\n";
    }
  }
  const bool png = file.size() > 4 && file.compare(file.size() - 4, 4, ".png") == 0;
  {
    std::ofstream out(script);
    out << (png ? "set terminal pngcairo size 900,540 font 'sans,11'\n"
                : "set terminal svg size 900,540 dynamic font 'sans,11' background '#ffffff'\n");
    out << "set output '" << file << "'\n";
    out << "set title 'M* (least logon servers per site at which the race is reachable), timing " << profile
        << "' noenhanced\n";
    out << "set xlabel '" << unit_label(over) << "' noenhanced\n";
    out << "set ylabel 'M* (logon servers per site)'\n";
    out << "set yrange [-0.5:" << max_m + 2 << "]\n";
    out << "set key outside right top noenhanced\n";
    out << "set grid\n";
    out << "set label 'race-free for every M <= " << max_m << "' at graph 0.01, first " << max_m + 1.35
        << " font 'sans,9'\n";
    out << "set arrow from graph 0, first " << max_m + 0.5 << " to graph 1, first " << max_m + 0.5
        << " nohead dashtype 2 lc rgb '#888888'\n";
    out << "plot ";
    for (std::size_t v = 0; v < variants.size(); ++v) {
      out << (v == 0 ? "" : ", ") << "'" << data.string() << "' index " << v << " using 1:2 with steps lw 2 title '"
          << variants[v]->name << "'";
    }
    out << "\n";
  }
  const std::string command = "gnuplot '" + script.string() + "'";
  const int rc = std::system(command.c_str());
  fs::remove(data);
  fs::remove(script);
  if (rc != 0) throw std::runtime_error("gnuplot failed (is gnuplot-nox installed? tools/setup.sh)");
}

int run_sweep(const SweepArgs& args) {
  std::vector<const spec::Variant*> variants;
  for (const std::string& name : args.variants) {
    const spec::Variant* v = spec::find_variant(name);
    if (v == nullptr) throw UsageError("unknown variant '" + name + "' (see `smsmc list`)");
    variants.push_back(v);
  }
  if (variants.empty()) {
    for (const spec::Variant& v : spec::variants()) variants.push_back(&v);
  }
  spec::validate(spec::Config{variants.front(), args.sites, args.max_m, spec::Environment::unattended});
  const spec::TimingProfile base = resolve_timing(args.timing);
  const Over over = parse_over(args.over, base);
  if (!args.plot.empty()) bounds::check_output_file(args.plot, "--plot");
  // With --json the table is progress on stderr: stdout holds the document alone.
  std::FILE* out = args.json ? stderr : stdout;
  fmt::print(out, "smsmc sweep: {} over {}..{} step {}, timing {}, N={}, M up to {}\n\n", unit_label(over),
             over.from, over.to, over.step, describe_timing(base), args.sites, args.max_m);
  fmt::print(out, "{:>10}", over.name);
  for (const spec::Variant* v : variants) fmt::print(out, "  {:>26}", v->name);
  fmt::print(out, "\n");
  std::vector<std::int64_t> xs;
  std::vector<std::int64_t> skipped;
  std::vector<std::vector<std::optional<int>>> m_star(variants.size());
  std::uint64_t zones = 0;
  double seconds = 0;
  for (std::int64_t x = over.from; x <= over.to; x += over.step) {
    spec::TimingProfile profile = base;
    spec::Duration& d = profile.values[over.name];
    if (over.end == Over::both) d = {x, x};
    if (over.end == Over::lo) d.lo = x;
    if (over.end == Over::hi) d.hi = x;
    if (d.lo > d.hi) {
      fmt::print(out, "{:>10}  (skipped: lo > hi)\n", x);
      skipped.push_back(x);
      continue;
    }
    xs.push_back(x);
    fmt::print(out, "{:>10}", x);
    for (std::size_t v = 0; v < variants.size(); ++v) {
      spec::ThresholdOptions options;
      options.sites = args.sites;
      options.max_m = args.max_m;
      const spec::ThresholdResult r = spec::find_threshold(*variants[v], profile, options);
      zones += r.zones_stored;
      seconds += r.seconds;
      m_star[v].push_back(r.m_star);
      fmt::print(out, "  {:>26}",
                 r.m_star ? fmt::format("M*={}", *r.m_star) : fmt::format("race-free (M<={})", args.max_m));
    }
    fmt::print(out, "\n");
    std::fflush(out);
  }
  fmt::print(out, "\n{} thresholds, {} zones stored, {:.3f} s in the zone explorer\n", xs.size() * variants.size(),
             zones, seconds);
  if (!args.plot.empty()) {
    plot(args.plot, over, variants, xs, m_star, args.max_m, base.name);
    fmt::print(out, "plot written to {}\n", args.plot);
  }
  if (args.json) {
    std::vector<std::string> names;
    for (const spec::Variant* v : variants) names.push_back(v->name);
    const json::Json settings = {
        {"variants", names},
        {"over", {{"name", over.name},
                  {"end", over.end == Over::lo ? "lo" : over.end == Over::hi ? "hi" : "both"},
                  {"from", over.from},
                  {"to", over.to},
                  {"step", over.step}}},
        {"sites", args.sites},
        {"max_m", args.max_m},
        {"plot", args.plot.empty() ? json::Json(nullptr) : json::Json(args.plot)},
        {"timing", json::timing_json(base)},
    };
    return json::emit_sweep(settings, names, xs, m_star, skipped, zones, seconds, exit_holds);
  }
  return exit_holds;
}

}  // namespace

void add_sweep(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand("sweep", "Timed mode: M* of each variant as one duration varies");
  cmd->add_option("--variant,-v", args->variants, "Variant (repeatable; default: every variant)");
  cmd->add_option("--over", args->over,
                  "NAME=A..B[:STEP]: set NAME to [v, v] for v = A, A+STEP, ..., B (NAME.lo or NAME.hi: one end only)")
      ->required();
  cmd->add_option("--plot", args->plot, "Draw M* against the swept value with gnuplot (.svg or .png)");
  cmd->add_option("--sites,-n", args->sites, "N: number of secondary sites")->capture_default_str();
  cmd->add_option("--max-m", args->max_m, "Largest M to check")->check(CLI::Range(0, spec::max_logon_servers))
      ->capture_default_str();
  add_timing_options(cmd, args->timing);
  json::add_flag(cmd, args->json);
  cmd->callback([args, &exit_code] { exit_code = run_sweep(*args); });
}

}  // namespace smsmc::cli
