#include "io/read.h"

#include "io/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace smsmc::io {

namespace {
// File names come from the command line or a folder listing; a newline or an
// escape sequence in one must not garble the message either.
std::string name_of(const std::string& path) { return printable(path, 1024); }

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw InputError(name_of(path) + ": " + problem);
}

[[noreturn]] void fail_errno(const std::string& path, const char* doing, int error) {
  fail(path, std::string(doing) + ": " + std::strerror(error));
}

std::string too_large(std::uint64_t size, const ReadLimits& limits, bool while_reading) {
  std::string text = while_reading
                         ? "grew past the input limit of " + format_bytes(limits.max_bytes) + " while being read"
                         : "is " + format_bytes(size) + ", over the input limit of " + format_bytes(limits.max_bytes);
  if (!limits.how_to_raise.empty()) text += "; " + limits.how_to_raise;
  return text;
}

/// Closes the descriptor on every path out of read_input_file.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

std::string format_bytes(std::uint64_t bytes) {
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  int unit = 0;
  while (unit < 5 && (bytes >> (10 * (unit + 1))) >= 1024) ++unit;
  const std::uint64_t size = std::uint64_t{1} << (10 * (unit + 1));
  const std::uint64_t remainder = bytes % size;
  char text[64];
  // Exact when the unit says it ("64 MiB", "1.5 GiB"); otherwise rounded,
  // with the exact count, so a size and a limit never read the same.
  if (remainder == 0) {
    std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(bytes / size), units[unit]);
  } else {
    const double value = static_cast<double>(bytes) / static_cast<double>(size);
    if (remainder * 10 % size == 0)  // remainder < 2^60: no overflow
      std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    else
      std::snprintf(text, sizeof text, "%.1f %s (%llu bytes)", value, units[unit],
                    static_cast<unsigned long long>(bytes));
  }
  return text;
}

std::string read_input_file(const std::string& path, const ReadLimits& limits) {
  if (path.empty()) throw InputError("no input file named (an empty path)");
  if (path.find('\0') != std::string::npos) fail(path, "a file name cannot contain a NUL byte");
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  // O_NOCTTY: opening a terminal device must not make it ours.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) {
    const int error = errno;
    // A socket cannot be opened at all (ENXIO); say what it is, not only
    // "No such device or address". Nothing is read, so no race matters here.
    struct stat info {};
    if (error == ENXIO && ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
      fail(path, "is " + kind_of(info.st_mode) + ", not a regular file");
    fail_errno(path, "cannot open", error);
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) fail_errno(path, "cannot read its file status", errno);
  if (!S_ISREG(info.st_mode)) fail(path, "is " + kind_of(info.st_mode) + ", not a regular file");
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (limits.max_bytes != 0 && size > limits.max_bytes) fail(path, too_large(size, limits, false));
  // A regular file never blocks, but reading without O_NONBLOCK is the
  // ordinary contract (and some network file systems honour the flag).
  const int flags = ::fcntl(file.fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);

  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;  // a signal (the stop flag's) is not an error
      fail_errno(path, "cannot read", errno);
    }
    if (got == 0) break;
    if (limits.max_bytes != 0 && content.size() + static_cast<std::uint64_t>(got) > limits.max_bytes)
      fail(path, too_large(content.size() + static_cast<std::uint64_t>(got), limits, true));
    content.append(buffer, static_cast<std::size_t>(got));
  }
  return content;
}

}  // namespace smsmc::io
