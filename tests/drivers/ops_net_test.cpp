// Success and error paths of the socket ops: Recv, Send, Read/Write on a
// socket, RecvMsg/SendMsg (RecvFrom/SendTo over UDP), Accept, Connect, Shutdown.
#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class NetOpsTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(NetOpsTest);

const sockaddr* as_sockaddr(const sockaddr_in& addr) {
  return reinterpret_cast<const sockaddr*>(&addr);
}

TEST_P(NetOpsTest, SendThenRecvOverTcp) {
  FdPair tcp = tcp_pair();
  Send send(attach(tcp.a.get()), "ping", 4);
  EXPECT_EQ(run_one(driver(), send).result, 4);
  char buf[16] = {};
  Recv recv(attach(tcp.b.get()), buf, 4);
  EXPECT_EQ(run_one(driver(), recv).result, 4);
  EXPECT_EQ(std::string(buf, 4), "ping");
}

TEST_P(NetOpsTest, WriteThenReadOnASocket) {
  FdPair pair = socket_pair();
  Write write(attach(pair.a.get()), "sock", 4);
  EXPECT_EQ(run_one(driver(), write).result, 4);
  char buf[16] = {};
  Read read(attach(pair.b.get()), buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), read).result, 4);
  EXPECT_EQ(std::string(buf, 4), "sock");
}

TEST_P(NetOpsTest, RecvWaitsForThePeer) {
  FdPair tcp = tcp_pair();
  char buf[16] = {};
  Recv recv(attach(tcp.b.get()), buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(recv, 5));
  std::array<Entry, 4> out{};
  auto none = driver().submit(0ns, out);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0U) << "recv on an idle socket completed early";
  ASSERT_TRUE(write_all(tcp.a.get(), "late", 4));
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, 4) << result_text(got[0].result);
  EXPECT_EQ(std::string(buf, 4), "late");
  reclaim(driver(), recv);
}

TEST_P(NetOpsTest, RecvShortThenEofAfterPeerCloses) {
  FdPair tcp = tcp_pair();
  ASSERT_TRUE(write_all(tcp.a.get(), "abc", 3));
  const Fd fd = attach(tcp.b.get());
  char buf[100] = {};
  Recv recv(fd, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), recv).result, 3);
  tcp.a.reset();
  Recv eof(fd, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), eof).result, 0);
}

TEST_P(NetOpsTest, SendToAndRecvFromOverUdpReportThePeer) {
  UniqueFd sender = udp_socket();
  UniqueFd receiver = udp_socket();
  const sockaddr_in to = loopback(local_port(receiver.get()));
  char buf[64] = {};
  RecvFrom recv(attach(receiver.get()), buf, sizeof(buf));
  SendTo send(attach(sender.get()), "datagram", 8, as_sockaddr(to), sizeof(to));
  ASSERT_TRUE(driver().try_push(recv, 1));
  ASSERT_TRUE(driver().try_push(send, 2));
  const auto got = run_until(driver(), 2);
  ASSERT_EQ(got.size(), 2U);
  for (const Entry& entry : got) {
    EXPECT_EQ(entry.result, 8) << "user_data " << entry.user_data << ": "
                               << result_text(entry.result);
  }
  EXPECT_EQ(std::string(buf, 8), "datagram");
  ASSERT_EQ(recv.msg.msg_namelen, sizeof(sockaddr_in));
  const auto& peer = reinterpret_cast<const sockaddr_in&>(recv.addr);
  EXPECT_EQ(peer.sin_family, AF_INET);
  EXPECT_EQ(ntohs(peer.sin_port), local_port(sender.get()));
  EXPECT_EQ(ntohl(peer.sin_addr.s_addr), INADDR_LOOPBACK);
}

// One RecvFrom op used twice on a Unix datagram socket: first from an
// unnamed sender (no address), then from a named one. Each completion must
// report its own peer: a reused op starts with a full-size address buffer.
TEST_P(NetOpsTest, ReusedRecvFromReportsEachPeer) {
  TempDir dir;
  auto bound = [&](const char* name) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = dir.file(name);
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    EXPECT_EQ(bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0)
        << std::strerror(errno);
    return std::make_pair(std::move(fd), addr);
  };
  auto [receiver, receiver_addr] = bound("receiver");
  auto [named, named_addr] = bound("sender");
  UniqueFd unnamed(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  char buf[8];
  RecvFrom recv(attach(receiver.get()), buf, sizeof(buf));
  const auto* to = reinterpret_cast<const sockaddr*>(&receiver_addr);

  ASSERT_EQ(sendto(unnamed.get(), "1", 1, 0, to, sizeof(receiver_addr)), 1);
  EXPECT_EQ(run_one(driver(), recv).result, 1);
  EXPECT_LE(recv.msg.msg_namelen, sizeof(sa_family_t)) << "an unnamed peer has no path";

  ASSERT_EQ(sendto(named.get(), "2", 1, 0, to, sizeof(receiver_addr)), 1);
  EXPECT_EQ(run_one(driver(), recv).result, 1);
  const auto& peer = reinterpret_cast<const sockaddr_un&>(recv.addr);
  EXPECT_EQ(recv.msg.msg_namelen, offsetof(sockaddr_un, sun_path) + dir.file("sender").size() + 1);
  EXPECT_STREQ(peer.sun_path, named_addr.sun_path) << "the second peer's address was cut off";
}

TEST_P(NetOpsTest, SendWaitsForRoomInTheSocketBuffer) {
  FdPair pair = socket_pair();
  const Fd fd = attach(pair.a.get());  // non-blocking on epoll; filled below
  const int flags = fcntl(pair.a.get(), F_GETFL);
  ASSERT_EQ(fcntl(pair.a.get(), F_SETFL, flags | O_NONBLOCK), 0);
  std::vector<char> fill(65536, 'f');
  size_t queued = 0;
  for (ssize_t n = 0; (n = ::send(pair.a.get(), fill.data(), fill.size(), MSG_DONTWAIT)) > 0;) {
    queued += static_cast<size_t>(n);
  }
  ASSERT_EQ(errno, EAGAIN);
  Send send(fd, "tail", 4);
  ASSERT_TRUE(driver().try_push(send, 4));
  std::array<Entry, 4> out{};
  auto none = driver().submit(0ns, out);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0U) << "a send into a full buffer completed early";
  EXPECT_TRUE(send.in_flight());

  std::vector<char> sink(queued + 4);
  ASSERT_TRUE(read_exact(pair.b.get(), sink.data(), queued));
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, 4) << result_text(got[0].result);
  ASSERT_TRUE(read_exact(pair.b.get(), sink.data(), 4));
  EXPECT_EQ(std::string(sink.data(), 4), "tail");
  reclaim(driver(), send);
}

TEST_P(NetOpsTest, SendMsgAndRecvMsgAreVectored) {
  FdPair tcp = tcp_pair();
  char hello[] = "hello, ";
  char world[] = "world";
  const iovec out_vecs[] = {{hello, 7}, {world, 5}};
  SendMsg send(attach(tcp.a.get()), out_vecs, MSG_NOSIGNAL);
  EXPECT_EQ(run_one(driver(), send).result, 12);

  char first[5] = {};
  char rest[16] = {};
  const iovec in_vecs[] = {{first, sizeof(first)}, {rest, sizeof(rest)}};
  RecvMsg recv(attach(tcp.b.get()), in_vecs, 0);
  EXPECT_EQ(run_one(driver(), recv).result, 12);
  EXPECT_EQ(std::string(first, 5), "hello");
  EXPECT_EQ(std::string(rest, 7), ", world");
}

TEST_P(NetOpsTest, AcceptReturnsTheConnectionAndItsPeer) {
  UniqueFd listener = tcp_listener();
  Accept accept(attach(listener.get()));
  ASSERT_TRUE(driver().try_push(accept, 11));
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, out).has_value());

  UniqueFd client = tcp_socket();
  const sockaddr_in addr = loopback(local_port(listener.get()));
  ASSERT_EQ(connect(client.get(), as_sockaddr(addr), sizeof(addr)), 0) << std::strerror(errno);
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  ASSERT_GE(got[0].result, 0) << result_text(got[0].result);
  UniqueFd accepted(got[0].result);
  const auto& peer = reinterpret_cast<const sockaddr_in&>(accept.addr);
  EXPECT_EQ(accept.addrlen, sizeof(sockaddr_in));
  EXPECT_EQ(ntohs(peer.sin_port), local_port(client.get()));

  ASSERT_TRUE(write_all(accepted.get(), "hi", 2));
  char buf[2];
  ASSERT_TRUE(read_exact(client.get(), buf, 2));
  EXPECT_EQ(std::string(buf, 2), "hi");
}

TEST_P(NetOpsTest, ConnectReachesAListener) {
  UniqueFd listener = tcp_listener();
  UniqueFd socket = tcp_socket();
  const sockaddr_in addr = loopback(local_port(listener.get()));
  Connect connect(attach(socket.get()), as_sockaddr(addr), sizeof(addr));
  const Entry entry = run_one(driver(), connect);
  EXPECT_EQ(entry.result, 0) << result_text(entry.result);
  UniqueFd accepted(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_GE(accepted.get(), 0) << std::strerror(errno);
}

TEST_P(NetOpsTest, ConnectToAClosedPortIsRefused) {
  const sockaddr_in addr = loopback(unused_port());
  UniqueFd socket = tcp_socket();
  Connect connect(attach(socket.get()), as_sockaddr(addr), sizeof(addr));
  const Entry entry = run_one(driver(), connect);
  EXPECT_EQ(entry.result, -ECONNREFUSED) << result_text(entry.result);
}

TEST_P(NetOpsTest, ShutdownSendsEofToThePeer) {
  FdPair tcp = tcp_pair();
  Shutdown shutdown(attach(tcp.a.get()), SHUT_WR);
  EXPECT_EQ(run_one(driver(), shutdown).result, 0);
  char buf[4];
  EXPECT_EQ(::recv(tcp.b.get(), buf, sizeof(buf), 0), 0) << "peer should see EOF";
}

TEST_P(NetOpsTest, ShutdownWithABadDirectionIsEinval) {
  FdPair tcp = tcp_pair();
  Shutdown shutdown(attach(tcp.a.get()), 42);
  const Entry entry = run_one(driver(), shutdown);
  EXPECT_EQ(entry.result, -EINVAL) << result_text(entry.result);
}

TEST_P(NetOpsTest, RecvOnAPipeIsEnotsock) {
  FdPair pipe = make_pipe();
  ASSERT_TRUE(write_all(pipe.b.get(), "x", 1));
  char buf[4];
  Recv recv(attach(pipe.a.get()), buf, sizeof(buf));
  const Entry entry = run_one(driver(), recv);
  EXPECT_EQ(entry.result, -ENOTSOCK) << result_text(entry.result);
}

TEST_P(NetOpsTest, BadDescriptorIsEbadf) {
  const Fd bad{closed_fd()};
  char buf[8];
  Recv recv(bad, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), recv).result, -EBADF);
  Send send(bad, "x", 1);
  EXPECT_EQ(run_one(driver(), send).result, -EBADF);
  Accept accept(bad);
  EXPECT_EQ(run_one(driver(), accept).result, -EBADF);
  const sockaddr_in addr = loopback(1);
  Connect connect(bad, as_sockaddr(addr), sizeof(addr));
  EXPECT_EQ(run_one(driver(), connect).result, -EBADF);
  Shutdown shutdown(bad, SHUT_RDWR);
  EXPECT_EQ(run_one(driver(), shutdown).result, -EBADF);
  EXPECT_EQ(driver().in_flight(), 0U);
}

}  // namespace
}  // namespace cio::test
