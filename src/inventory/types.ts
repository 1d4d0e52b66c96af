import { KubeObject, ObjectKey } from '../kube/object';
import { SourceLocation } from '../errors';

/** An object read from the inventory, with the place it was read from. */
export interface InventoryObject {
  /** the object as read, before cleaning. */
  readonly object: KubeObject;
  readonly source: SourceLocation;
  /** the item path inside a List document, `items[3]`. @default - not in a List */
  readonly item?: string;
}

/** Something about an object of the inventory the user should know before taking it over. */
export interface InventoryWarning {
  /** the object the warning is about. */
  readonly key: ObjectKey;
  /** where that object was read from. */
  readonly source: SourceLocation;
  /** what is wrong and what to do, in words for the user. */
  readonly message: string;
}
