#include "mc/budget.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace smsmc::mc {

namespace {
constexpr std::uint64_t largest = std::numeric_limits<std::uint64_t>::max();

std::optional<std::uint64_t> read_limit_file(const std::string& file) {
  std::ifstream in(file);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  std::uint64_t value = 0;
  for (char c : word) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (largest - static_cast<std::uint64_t>(c - '0')) / 10) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  // cgroup v1 says "unlimited" with the largest page-aligned long.
  if (value >= (std::uint64_t{1} << 62)) return std::nullopt;
  return value;
}

/// The smallest limit in `file_name` from `group` (a path like /a/b) up to
/// `root` itself. Folders that do not exist (a container sees its own group
/// as the root) are skipped.
std::optional<std::uint64_t> smallest_on_the_way_up(const std::string& root, std::string group,
                                                    const std::string& file_name) {
  std::optional<std::uint64_t> best;
  for (;;) {
    while (!group.empty() && group.back() == '/') group.pop_back();
    if (const auto limit = read_limit_file(root + group + "/" + file_name); limit && (!best || *limit < *best))
      best = limit;
    if (group.empty()) break;
    group.erase(group.rfind('/') == std::string::npos ? 0 : group.rfind('/'));
  }
  return best;
}
}  // namespace

std::optional<std::uint64_t> cgroup_memory_limit(const std::string& proc_self_cgroup, const std::string& cgroup_root) {
  std::optional<std::uint64_t> best;
  auto keep = [&](std::optional<std::uint64_t> limit) {
    if (limit && (!best || *limit < *best)) best = limit;
  };
  std::istringstream lines(proc_self_cgroup);
  std::string line;
  while (std::getline(lines, line)) {
    // "hierarchy-id:controller-list:path"
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    const std::string id = line.substr(0, first);
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (id == "0" && controllers.empty()) {
      keep(smallest_on_the_way_up(cgroup_root, path, "memory.max"));
      // A v2-only mount with the unified hierarchy under "unified/" (hybrid).
      keep(smallest_on_the_way_up(cgroup_root + "/unified", path, "memory.max"));
    } else {
      std::istringstream list(controllers);
      std::string controller;
      while (std::getline(list, controller, ',')) {
        if (controller == "memory")
          keep(smallest_on_the_way_up(cgroup_root + "/memory", path, "memory.limit_in_bytes"));
      }
    }
  }
  return best;
}

MemoryFacts system_memory() {
  MemoryFacts facts;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0)
    facts.physical = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  std::ifstream in("/proc/self/cgroup");
  std::stringstream text;
  text << in.rdbuf();
  facts.cgroup_limit = cgroup_memory_limit(text.str(), "/sys/fs/cgroup");
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    facts.address_space_limit = static_cast<std::uint64_t>(limit.rlim_cur);
  return facts;
}

std::uint64_t default_memory_limit(const MemoryFacts& facts) {
  std::uint64_t base = facts.physical;
  if (facts.cgroup_limit && (base == 0 || *facts.cgroup_limit < base)) base = *facts.cgroup_limit;
  if (facts.address_space_limit && (base == 0 || *facts.address_space_limit < base)) base = *facts.address_space_limit;
  // base / 4 * 3 cannot overflow; the remainder is a few bytes at most.
  return base / default_fraction_denominator * default_fraction_numerator;
}

std::uint64_t parse_memory_size(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  auto refuse = [&](const std::string& why) -> std::invalid_argument {
    return std::invalid_argument("--max-memory '" + shown + (text.size() > 40 ? "...'" : "'") + ": " + why);
  };
  const std::string usage = "expected a size such as 512M, 6G, 1.5GiB or a byte count (0: no bound)";
  // The number: digits with at most one '.', nothing else (no sign, no
  // exponent, no "nan" or "inf": strtod would take all of those).
  std::size_t i = 0;
  bool digits = false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9')
      digits = true;
    else if (c == '.' && !dot)
      dot = true;
    else
      break;
  }
  if (!text.empty() && text[0] == '-') throw refuse("a size cannot be negative; " + usage);
  if (!digits) throw refuse(usage);
  const std::string number(text.substr(0, i));
  std::string unit(text.substr(i));
  if (!unit.empty() && unit[0] == ' ') unit.erase(0, 1);
  std::string lower;
  for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::vector<std::pair<std::string, unsigned>> units = {{"", 0},   {"b", 0},    {"k", 10}, {"kib", 10},
                                                                      {"m", 20}, {"mib", 20}, {"g", 30}, {"gib", 30},
                                                                      {"t", 40}, {"tib", 40}};
  const auto found = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.first == lower; });
  if (found == units.end()) {
    if (lower == "kb" || lower == "mb" || lower == "gb" || lower == "tb")
      throw refuse("decimal units are ambiguous; write " + number + unit.substr(0, 1) + " or " + number +
                   unit.substr(0, 1) + "iB (binary units)");
    throw refuse("unknown unit '" + unit.substr(0, 10) + "'; " + usage);
  }
  const unsigned shift = found->second;
  if (!dot) {
    // Whole numbers exactly, without a detour through double.
    std::uint64_t value = 0;
    for (char c : number) {
      if (value > (largest - static_cast<std::uint64_t>(c - '0')) / 10) throw refuse("more than 2^64-1 bytes");
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (shift != 0 && value > (largest >> shift)) throw refuse("more than 2^64-1 bytes");
    return value << shift;
  }
  const long double value = std::strtold(number.c_str(), nullptr) * std::ldexp(1.0L, static_cast<int>(shift));
  if (!std::isfinite(value) || value >= 18446744073709551616.0L) throw refuse("more than 2^64-1 bytes");
  if (value != std::floor(value)) throw refuse("not a whole number of bytes");
  return static_cast<std::uint64_t>(value);
}

}  // namespace smsmc::mc
