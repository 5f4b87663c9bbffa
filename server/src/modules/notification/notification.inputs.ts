import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Connection } from '../../graphql/connection';
import { Notification } from './notification.entity';

@InputType({ description: "Input of `markNotificationsRead`: some notifications by id, or all of the viewer's." })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: "The notifications to mark read (the viewer's own)." })
  @IsOptional()
  @ArrayMaxSize(100)
  ids?: string[];

  @Field({ nullable: true, description: 'Mark every unread notification of the viewer read.' })
  @IsOptional()
  all?: boolean;
}

@ObjectType({ description: 'Payload of `markNotificationsRead`.' })
export class MarkNotificationsReadPayload {
  @Field(() => Int, { description: "The viewer's unread notifications after marking." })
  unreadCount!: number;
}

export const NotificationConnection = Connection(Notification, 'Notification', 'A page of notifications (通知), newest first.');
