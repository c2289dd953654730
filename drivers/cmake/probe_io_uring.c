/* Configure-time probe: can this host create an io_uring and run a NOP on it? */
#include <liburing.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  struct io_uring ring;
  int ret = io_uring_queue_init(4, &ring, 0);
  if (ret < 0) {
    printf("io_uring_queue_init failed: %s", strerror(-ret));
    return 1;
  }
  struct io_uring_sqe* sqe = io_uring_get_sqe(&ring);
  io_uring_prep_nop(sqe);
  struct io_uring_cqe* cqe = NULL;
  ret = io_uring_submit_and_wait(&ring, 1);
  if (ret >= 0) ret = io_uring_peek_cqe(&ring, &cqe);
  io_uring_queue_exit(&ring);
  if (ret < 0) {
    printf("io_uring NOP failed: %s", strerror(-ret));
    return 1;
  }
  printf("io_uring works");
  return 0;
}
