/* Bind the math functions whose default symbol version moved in glibc 2.29 (exp, exp2, log, log2, pow) to their
 * older versions, so that code compiled against Debian 11's glibc 2.31 still loads on glibc 2.28 (UOS 20).
 * Forced into every C file of the Python build with -include (packaging/linux/build-python.sh). */
#ifndef GKDESK_GLIBC_COMPAT_H
#define GKDESK_GLIBC_COMPAT_H
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver exp2,exp2@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver log2,log2@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
#endif
#endif
