#include "log_file_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace cio::app::detail {
namespace {

int open_for_append(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

}  // namespace

LogFileSink::LogFileSink(std::string path) : path_(std::move(path)), fd_(open_for_append(path_)) {
  if (fd_ < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot open the log file '" + path_ + "'");
  }
}

LogFileSink::~LogFileSink() { ::close(fd_); }

std::error_code LogFileSink::reopen() {
  const int fresh = open_for_append(path_);
  if (fresh < 0) return {errno, std::generic_category()};
  std::lock_guard lock(mutex_);
  ::close(fd_);
  fd_ = fresh;
  return {};
}

void LogFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t line;
  formatter_->format(msg, line);
  const char* next = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t wrote = ::write(fd_, next, left);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;  // a full disk must not stop the server; nowhere to report it
    next += wrote;
    left -= static_cast<size_t>(wrote);
  }
}

}  // namespace cio::app::detail
