#include "tools/smsmc/bounds.h"

#include "io/text.h"
#include "mc/budget.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace smsmc::cli::bounds {

namespace {
constexpr std::uint64_t largest = std::numeric_limits<std::uint64_t>::max();

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// Decimal float syntax only: digits, an optional fraction and exponent.
bool decimal_number(const std::string& text) {
  std::size_t i = 0;
  std::size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

std::string shown(const std::string& text) { return io::quoted(text, 40); }

[[noreturn]] void cannot_write(std::string_view option, const std::string& path, const std::string& reason) {
  throw std::invalid_argument(std::string(option) + ": cannot write " + io::quoted(path, 1024) + ": " + reason);
}
}  // namespace

CLI::Validator seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!text.empty() && text[0] == '-') return "must be 0 or more seconds (0: no bound), not " + shown(text);
        if (!decimal_number(text))
          return "must be a number of seconds such as 60 or 0.5 (0: no bound), not " + shown(text);
        const double value = std::strtod(text.c_str(), nullptr);
        if (!std::isfinite(value)) return "is too large: " + shown(text);
        return {};
      },
      "SECONDS", "seconds");
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        if (!all_digits(text)) return "must be a whole number in " + range + ", not " + shown(text);
        std::uint64_t value = 0;
        for (char c : text) {
          if (value > (largest - static_cast<std::uint64_t>(c - '0')) / 10)
            return "is " + shown(text) + ", outside " + range;
          value = value * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (value < min || value > max) return "is " + text + ", outside " + range;
        return {};
      },
      "UINT", "whole number in " + range);
}

CLI::Validator memory_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          text = std::to_string(mc::parse_memory_size(text));
        } catch (const std::invalid_argument& e) {
          // parse_memory_size names --max-memory itself; CLI11 prefixes the option.
          std::string message = e.what();
          const std::size_t colon = message.find(": ");
          return colon == std::string::npos ? message : message.substr(colon + 2) + " (got " + shown(text) + ")";
        }
        return {};
      },
      "SIZE", "memory size");
}

void check_change_points(std::int64_t change_points, std::size_t schedule_length, const std::string& configuration) {
  if (change_points < 0)
    throw std::invalid_argument("--change-points must be 0 or more, got " + std::to_string(change_points));
  if (static_cast<std::uint64_t>(change_points) > schedule_length)
    throw std::invalid_argument("--change-points is " + std::to_string(change_points) + ", more than the " +
                                std::to_string(schedule_length) + " steps of a schedule at " + configuration +
                                " (at most " + std::to_string(schedule_length) + ")");
}

void check_output_file(const std::string& path, std::string_view option) {
  if (path.empty()) throw std::invalid_argument(std::string(option) + ": an empty path");
  if (path.find('\0') != std::string::npos) cannot_write(option, path, "a path cannot contain a NUL byte");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) cannot_write(option, path, "it is a folder");
  // O_EXCL tells whether this check created the file (and must remove it);
  // O_NONBLOCK keeps a FIFO without a reader from blocking the check.
  const int flags = O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  bool created = true;
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, 0666);
  if (fd < 0 && errno == EEXIST) {
    created = false;
    fd = ::open(path.c_str(), flags);
  }
  if (fd < 0) cannot_write(option, path, std::strerror(errno));
  ::close(fd);
  if (created) ::unlink(path.c_str());
}

void check_output_folder(const std::string& path, std::string_view option) {
  if (path.empty()) throw std::invalid_argument(std::string(option) + ": an empty path");
  if (path.find('\0') != std::string::npos) cannot_write(option, path, "a path cannot contain a NUL byte");
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_directory(path, error))
    cannot_write(option, path, "it is not a folder");
  std::filesystem::create_directories(path, error);
  if (error) cannot_write(option, path, error.message());
  if (!std::filesystem::is_directory(path, error)) cannot_write(option, path, "it is not a folder");
  // access(W_OK) says yes to root on a read-only bind mount's files and
  // knows nothing of quotas; creating a file is the real test.
  std::string probe = path + "/.smsmc-write-test-XXXXXX";
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) cannot_write(option, path, std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace smsmc::cli::bounds
