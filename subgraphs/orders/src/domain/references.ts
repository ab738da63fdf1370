/** Entities other subgraphs own: orders knows nothing of them but their id. */
export interface UserReference {
  id: string;
}

export interface ProductReference {
  id: string;
}
