/*
 * How many pages glibc hands back to the kernel and faults in again when a thread allocates,
 * fills and frees the same size of block over and over, as PyTorch's CPU kernels do with their
 * outputs. Prints the process's minor page faults; compare GLIBC_TUNABLES settings:
 *
 *   gcc -O0 -pthread -o /tmp/malloc-faults bench/malloc-faults.c
 *   for s in 1048576 20000000 40000000; do GLIBC_TUNABLES=... /tmp/malloc-faults $s; done
 *
 * The work runs on a second thread because glibc gives such threads arenas of their own, with
 * other trimming rules than the main thread's heap; DJL calls PyTorch from Java threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static size_t size;
static long checksum;

static void *work(void *unused) {
  (void) unused;
  for (int i = 0; i < 200; i++) {
    volatile char *block = malloc(size);
    if (block == NULL) {
      perror("malloc");
      exit(1);
    }
    memset((char *) block, i, size);
    checksum += block[size / 2];
    free((void *) block);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2 || (size = strtoul(argv[1], NULL, 10)) == 0) {
    fprintf(stderr, "usage: %s BLOCK_BYTES\n", argv[0]);
    return 2;
  }
  pthread_t thread;
  pthread_create(&thread, NULL, work, NULL);
  pthread_join(thread, NULL);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("block %zu bytes: %ld minor faults (checksum %ld)\n", size, usage.ru_minflt, checksum);
  return 0;
}
