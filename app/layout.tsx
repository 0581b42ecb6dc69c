import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { NavLinks } from "./nav-links";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "gatecheck — why API Gateway says Forbidden",
  description: "Finds the first broken link between an API Gateway call, its stage, API key and usage plan.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3" aria-label="Main">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-sky-600" />
              gatecheck
            </Link>
            <span className="text-sm text-slate-500 dark:text-slate-400">why API Gateway says Forbidden</span>
            <div className="ml-auto">
              <NavLinks />
            </div>
          </nav>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
