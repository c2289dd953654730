// LogFileSink: log.output "file". Lines are appended with one write(2)
// each (O_APPEND), so nothing is buffered and other writers to the file do
// not split them; reopen() opens the path again after logrotate moved it.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>
#include <system_error>

namespace cio::app::detail {

class LogFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Opens `path` for append, creating it (mode 0640). Throws
  // std::system_error naming the path when it cannot.
  explicit LogFileSink(std::string path);
  ~LogFileSink() override;
  LogFileSink(const LogFileSink&) = delete;
  LogFileSink& operator=(const LogFileSink&) = delete;

  // Opens the path again and writes there from now on. On failure the old
  // file is kept and the error returned.
  std::error_code reopen();
  const std::string& path() const noexcept { return path_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}  // every line is written at once

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace cio::app::detail
