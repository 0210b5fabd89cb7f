import type { PrismaClient } from "../db";

// Row shapes as Prisma returns them, derived from the client so they follow schema.prisma.
export type ReliefRecordRow = Awaited<ReturnType<PrismaClient["reliefRecord"]["findUniqueOrThrow"]>>;
export type MissingPersonReportRow = Awaited<ReturnType<PrismaClient["missingPersonReport"]["findUniqueOrThrow"]>>;
export type MatchAlertRow = Awaited<ReturnType<PrismaClient["matchAlert"]["findUniqueOrThrow"]>>;
