import { useEffect } from 'react';

/** Names the browser tab after the page, which is also what a screen reader announces first. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Saga Shop` : 'Saga Shop';
  }, [title]);
}
