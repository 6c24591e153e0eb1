package store

import "syscall"

// madvHugepage is Linux's MADV_HUGEPAGE.
const madvHugepage = 14

// adviseHuge asks for a chunk to be backed by huge pages where the system
// allows it (transparent huge pages in "madvise" mode): a load fills about
// a gigabyte of chunks, and faulting it in 4 KiB pages took seconds.
func adviseHuge(b []byte) { syscall.Madvise(b, madvHugepage) }
