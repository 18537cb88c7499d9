/* Built and run by hand (BENCHMARKS.md, tenth round): gcc -O2 -pthread bench/memcpy-bandwidth.c -o /tmp/bw && /tmp/bw */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
/* memcpy bandwidth, read + write bytes per second, with 1 or 2 threads; each thread copies its own
   786,432-byte image (256x256x3 floats) from a 64 MiB ring of sources into a ring of destinations. */
#define IMG 786432
#define RING 80
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static void* run(void* a){char*s=malloc((size_t)IMG*RING),*d=malloc((size_t)IMG*RING);memset(s,1,(size_t)IMG*RING);memset(d,2,(size_t)IMG*RING);
 long n=0;double t0=now();while(now()-t0<3){for(int i=0;i<RING;i++)memcpy(d+(size_t)i*IMG,s+(size_t)((i*7)%RING)*IMG,IMG);n+=RING;}
 double t=now()-t0; *(double*)a=n*2.0*IMG/t; return 0;}
int main(){for(int th=1;th<=2;th++){pthread_t p[2];double r[2];for(int i=0;i<th;i++)pthread_create(&p[i],0,run,&r[i]);double s=0;for(int i=0;i<th;i++){pthread_join(p[i],0);s+=r[i];}
 printf("%d thread(s): %.1f GB/s read+write (%.0f images/s)\n",th,s/1e9,s/(2.0*IMG));}}
