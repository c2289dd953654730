#include <cio/shard/cpus.hpp>

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace cio::shard {
namespace {

std::optional<long long> parse_integer(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> whole_cpus(long long quota, long long period) {
  if (quota <= 0 || period <= 0) return std::nullopt;
  return static_cast<unsigned>((quota + period - 1) / period);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool lists_controller(std::string_view controllers, std::string_view wanted) {
  if (wanted.empty()) return controllers.empty();
  while (!controllers.empty()) {
    const auto comma = controllers.find(',');
    if (controllers.substr(0, comma) == wanted) return true;
    if (comma == std::string_view::npos) break;
    controllers.remove_prefix(comma + 1);
  }
  return false;
}

// This process's cgroup path for `controller` (v1), or the unified one (""
// controller, v2), from the /proc/self/cgroup lines "id:controllers:path".
std::optional<std::string> cgroup_path(std::string_view controller) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string_view controllers(line.data() + first + 1, second - first - 1);
    if (lists_controller(controllers, controller)) return line.substr(second + 1);
  }
  return std::nullopt;
}

std::optional<unsigned> probe_quota() {
  if (auto unified = cgroup_path("")) {
    if (auto limit = parse_cpu_max(read_file("/sys/fs/cgroup" + *unified + "/cpu.max"))) {
      return limit;
    }
  }
  if (auto v1 = cgroup_path("cpu")) {
    for (const char* mount : {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"}) {
      const std::string dir = std::string(mount) + *v1;
      if (auto limit = parse_cfs_quota(read_file(dir + "/cpu.cfs_quota_us"),
                                       read_file(dir + "/cpu.cfs_period_us"))) {
        return limit;
      }
    }
  }
  return std::nullopt;
}

bool inside(const std::vector<int>& cpus, int cpu) {
  return std::find(cpus.begin(), cpus.end(), cpu) != cpus.end();
}

}  // namespace

HostCpus probe_host() {
  HostCpus host;
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof(mask), &mask) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &mask)) host.affinity.push_back(cpu);
    }
  }
  host.cpu_quota = probe_quota();
  return host;
}

std::optional<unsigned> parse_cpu_max(std::string_view cpu_max) {
  const auto space = cpu_max.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto quota = parse_integer(cpu_max.substr(0, space));
  auto period = parse_integer(cpu_max.substr(space + 1));
  if (!quota || !period) return std::nullopt;  // includes "max"
  return whole_cpus(*quota, *period);
}

std::optional<unsigned> parse_cfs_quota(std::string_view quota_us, std::string_view period_us) {
  auto quota = parse_integer(quota_us);
  auto period = parse_integer(period_us);
  if (!quota || !period) return std::nullopt;
  return whole_cpus(*quota, *period);
}

Parsed<std::vector<int>> plan_shards(const ShardRequest& request, const HostCpus& host) {
  std::vector<int> usable = request.cpuset.empty() ? host.affinity : request.cpuset;
  for (int cpu : usable) {
    if (!inside(host.affinity, cpu)) {
      return ParseError{
          "cpuset: CPU " + std::to_string(cpu) +
          " is not available to this process (allowed: " + format_cpu_list(host.affinity) + ")"};
    }
  }
  if (usable.empty()) return ParseError{"no CPU is available to this process"};
  size_t limit = usable.size();
  if (host.cpu_quota) limit = std::min<size_t>(limit, *host.cpu_quota);
  const size_t count = request.shards.value_or(static_cast<unsigned>(limit));
  if (count == 0) return ParseError{"shards: 0 shards requested (need at least 1)"};
  if (count > limit && !request.overprovision) {
    return ParseError{"shards: " + std::to_string(count) + " requested but only " +
                      std::to_string(limit) + " CPUs are usable (" + format_cpu_list(usable) +
                      (host.cpu_quota ? ", cgroup quota " + std::to_string(*host.cpu_quota) : "") +
                      "); lower shards or set overprovision: true"};
  }
  std::vector<int> cpus;
  for (size_t i = 0; i < count; ++i) cpus.push_back(usable[i % usable.size()]);
  return cpus;
}

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (size_t i = 0; i < cpus.size();) {
    size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) out += '-' + std::to_string(cpus[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace cio::shard
