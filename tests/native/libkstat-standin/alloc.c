/*
 * alloc.c: every allocation of the stand-in goes through here, so tests can prove nothing leaks, and freed
 * client memory is poisoned and held back for a while, so a use after free reads 0xA5 instead of plausible
 * values. Callers hold the library lock.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SA_MAGIC 0x5A11C0DEu
#define QUARANTINE_SLOTS 1024

typedef struct sa_header {
	size_t size;
	uint32_t kind;
	uint32_t magic;
} sa_header_t; /* 16 bytes: keeps the user block 16-byte aligned */

static long long g_blocks[SA_KINDS];
static long long g_bytes[SA_KINDS];

static sa_header_t *g_quarantine[QUARANTINE_SLOTS];
static size_t g_q_head; /* oldest */
static size_t g_q_count;

void *sa_calloc(size_t size, sa_kind_t kind)
{
	sa_header_t *h;

	if (size > SIZE_MAX - sizeof(*h))
		return NULL;
	h = calloc(1, sizeof(*h) + size);
	if (h == NULL)
		return NULL;
	h->size = size;
	h->kind = (uint32_t)kind;
	h->magic = SA_MAGIC;
	g_blocks[kind]++;
	g_bytes[kind] += (long long)size;
	return h + 1;
}

char *sa_strndup(const char *s, size_t n, sa_kind_t kind)
{
	char *p = sa_calloc(n + 1, kind);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *sa_strdup(const char *s, sa_kind_t kind)
{
	return sa_strndup(s, strlen(s), kind);
}

static void release(sa_header_t *h)
{
	free(h);
}

void sa_free(void *p)
{
	sa_header_t *h;
	size_t size;
	sa_kind_t kind;

	if (p == NULL)
		return;
	h = (sa_header_t *)p - 1;
	if (h->magic != SA_MAGIC)
		abort(); /* double free or a foreign pointer: a bug in the stand-in itself */
	size = h->size;
	kind = (sa_kind_t)h->kind;
	g_blocks[kind]--;
	g_bytes[kind] -= (long long)size;
	memset(h, SA_POISON_BYTE, sizeof(*h) + size);
	if (kind != SA_CLIENT) {
		release(h);
		return;
	}
	if (g_q_count == QUARANTINE_SLOTS) {
		release(g_quarantine[g_q_head]);
		g_quarantine[g_q_head] = h;
		g_q_head = (g_q_head + 1) % QUARANTINE_SLOTS;
		return;
	}
	g_quarantine[(g_q_head + g_q_count) % QUARANTINE_SLOTS] = h;
	g_q_count++;
}

long long sa_blocks(sa_kind_t kind)
{
	return g_blocks[kind];
}

long long sa_bytes(sa_kind_t kind)
{
	return g_bytes[kind];
}

long long sa_quarantined(void)
{
	return (long long)g_q_count;
}

void sa_quarantine_flush(void)
{
	while (g_q_count > 0) {
		release(g_quarantine[g_q_head]);
		g_quarantine[g_q_head] = NULL;
		g_q_head = (g_q_head + 1) % QUARANTINE_SLOTS;
		g_q_count--;
	}
	g_q_head = 0;
}

__attribute__((destructor)) static void sa_at_unload(void)
{
	sa_quarantine_flush();
}
