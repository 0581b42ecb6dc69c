import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccountMenu } from "@/components/account/account-menu";
import { currentViewer } from "@/lib/auth/routes";
import { ViewerProvider } from "@/lib/client/viewer";
import "./globals.css";
import { NavLinks } from "./nav-links";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "gatecheck — why API Gateway says Forbidden",
  description: "Finds the first broken link between an API Gateway call, its stage, API key and usage plan.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer(await headers());
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ViewerProvider viewer={viewer}>
          {/* The first stop of the Tab key: past the header, straight to the page. */}
          <a
            href="#main"
            className="sr-only rounded-md bg-white px-3 py-2 text-sm font-semibold text-sky-800 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 dark:bg-slate-900 dark:text-sky-200"
          >
            Skip to content
          </a>
          <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 sm:gap-x-6 sm:px-6 sm:py-3" aria-label="Main">
              <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
                <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-sky-600" />
                gatecheck
              </Link>
              <span className="hidden text-sm text-slate-500 md:inline dark:text-slate-400">why API Gateway says Forbidden</span>
              <div className="ml-auto flex items-center gap-3">
                <NavLinks />
                <AccountMenu />
              </div>
            </nav>
          </header>
          <Providers>
            {/* tabIndex -1: the skip link moves focus here, so the next Tab continues inside the page. */}
            <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-3 py-4 focus-visible:outline-none sm:px-6 sm:py-6">
              {children}
            </main>
          </Providers>
        </ViewerProvider>
      </body>
    </html>
  );
}
