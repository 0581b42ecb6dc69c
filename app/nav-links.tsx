"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "APIs", matches: (p: string) => p === "/" || p.startsWith("/diagnose") },
  { href: "/paste", label: "What did you send?", matches: (p: string) => p.startsWith("/paste") },
  { href: "/triage", label: "Triage", matches: (p: string) => p.startsWith("/triage") },
];

/** The main sections; the current one is marked for screen readers and by an underline, not by colour alone. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-0.5 text-[13px] sm:gap-1 sm:text-sm">
      {LINKS.map((link) => {
        const current = link.matches(pathname);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={`whitespace-nowrap rounded-md px-1.5 py-1.5 font-medium sm:px-2.5 hover:bg-slate-100 dark:hover:bg-slate-800 ${current ? "text-slate-900 underline decoration-sky-600 decoration-2 underline-offset-[6px] dark:text-white" : "text-slate-600 dark:text-slate-300"}`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
